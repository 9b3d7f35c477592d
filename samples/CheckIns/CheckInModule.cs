using Convergence.Domain.Envelope;
using Convergence.Domain.Events;
using Convergence.Domain.Modules;
using Convergence.Domain.Social;
using Convergence.Domain.Stores;
using Convergence.Domain.Views;
using Convergence.Domain.Workload;

namespace Convergence.Samples.CheckIns;

/// <summary>
/// The worked example of docs/adding-an-event.md: check-ins at places, with a visitor count and a
/// mayor per place. Everything the harness needs about the new event is registered here.
/// </summary>
public sealed class CheckInModule : DomainModule
{
    private static readonly PlaceId[] Places = [new("cafe"), new("park"), new("gym")];

    public override string Name => "checkins";

    public override IReadOnlyList<EventTypeRegistration> EventTypes { get; } = [EventTypeRegistration.Of<CheckedIn>()];

    public override ModuleProjection CreateProjection() => new CheckInProjection();

    /// <summary>The same handler in SQL, for <c>--store sqlite</c>.</summary>
    public override SqlModule Sql => CheckInSql.Module;

    /// <summary>A registered user, as this region knows them, checks in at one of a few places.</summary>
    public override IReadOnlyList<ClientAction> ClientActions { get; } =
    [
        new("check-in", 3, c =>
        {
            var users = c.State.Get<ISocialView>().Users;
            return users.Count == 0 ? null : new CheckedIn(users[c.Random.Next(users.Count)], Places[c.Random.Next(Places.Length)]);
        }),
    ];

    public override bool HasSpec => true;

    /// <summary>Declaratively: per place, distinct check-in events grouped by surviving account.</summary>
    public override void DescribeSpec(IReadOnlyCollection<EventEnvelope> events, ViewContext context, ViewBuilder view)
    {
        foreach (var place in events.Where(e => e.Payload is CheckedIn).GroupBy(e => ((CheckedIn)e.Payload).Place))
        {
            CheckInView.Write(view, place.Key, place.DistinctBy(e => e.Id)
                .GroupBy(e => context.CanonicalUser(((CheckedIn)e.Payload).User))
                .Select(g => (g.Key, g.Count())));
        }
    }

    public override IEnumerable<string> EntitiesOf(DomainEvent payload) =>
        payload is CheckedIn e ? [$"user:{e.User}", $"place:{e.Place}"] : [];
}
