using Convergence.Domain.Modules;
using Convergence.Domain.Social;
using Convergence.Domain.Views;
using Convergence.Properties.Tests.Generators;
using Convergence.Properties.Tests.Laws;
using Convergence.Samples.CheckIns;
using Convergence.Simulator.Histories;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Convergence.Properties.Tests.Wild;

/// <summary>
/// Spec ≡ handlers on every well-formed event, not only on client-shaped ones: histories where any
/// id may name anything (of any type, or a hostile id such as <c>x~y</c> or a line break), texts are
/// hostile and unlikes name other users' likes. Real logs hold events from other versions, clients and bugs.
/// </summary>
[Properties(Arbitrary = [typeof(HistoryArbitraries)], MaxTest = 200)]
public sealed class WildHistoryProperties
{
    private static readonly DomainCatalog SocialAndCheckIns = DomainCatalog.SocialNetwork().With(new CheckInModule());

    [Property]
    public Property Wild_histories_give_the_same_view_and_state_in_any_order(WildCase w) =>
        LawChecks.OrderIndependence(w.Case).Classify(Mutated(w.Case) > 0, "has wild events");

    [Property]
    public Property Wild_histories_agree_with_the_spec(WildCase w) => LawChecks.SpecAgreement(w.Case);

    [Property]
    public Property Wild_histories_never_break_event_identity(WildCase w) => LawChecks.EventIdentity(w.Case);

    [Property]
    public Property Wild_histories_delivered_twice_end_as_once(WildCase w)
    {
        var once = w.Case.ModelA();
        var twice = Domain.Projection.ReadModel.FromDeliveries(w.Case.History.Catalog, w.Case.DeliveriesA.Concat(w.Case.DeliveriesB));
        return (once.ToView().Equals(twice.ToView()) && once.ToState().Equals(twice.ToState()))
            .Label("L2 duplicate tolerance on a wild history\n" + w.Case.Describe());
    }

    [Property(MaxTest = 120)]
    public Property Social_and_check_ins_agree_with_the_spec_on_wild_histories(PositiveInt seed)
    {
        var history = HistoryGenerator.Generate(SocialAndCheckIns, new HistoryOptions { Regions = 3, Actions = 40, Wild = true }, (ulong)seed.Get);
        var c = new DeliveryCase(history, HistoryArbitraries.Permutation(history.Count, (ulong)seed.Get),
            HistoryArbitraries.Permutation(history.Count, (ulong)seed.Get + 7));
        return LawChecks.SpecAgreement(c).And(LawChecks.OrderIndependence(c));
    }

    /// <summary>The generator must really produce the hostile shapes it promises, or the properties above prove little.</summary>
    [Fact]
    public void Wild_histories_hold_hostile_ids_foreign_unlikes_and_references_to_nothing()
    {
        var histories = Enumerable.Range(0, 200)
            .Select(seed => HistoryGenerator.Generate(Catalogs.Convergent, new HistoryOptions { Regions = 3, Actions = 40, Wild = true }, (ulong)seed))
            .ToArray();
        var payloads = histories.SelectMany(h => h.Envelopes.Select(e => e.Payload)).ToArray();

        Assert.Contains(payloads, p => p.ToString()!.Contains('~') || p.ToString()!.Contains("->"));
        Assert.Contains(payloads, p => p.ToString()!.Contains('\n'));
        Assert.Contains(histories, h =>
        {
            var byId = h.Envelopes.ToDictionary(e => e.Id, e => e.Payload);
            return h.Envelopes.Any(e => e.Payload is PostUnliked u && u.Likes.Any(id =>
                byId.TryGetValue(id, out var liked) && !(liked is PostLiked l && l.User == u.User && l.Post == u.Post)));
        });
        Assert.Contains(histories, h => h.Envelopes.Any(e =>
            e.Payload is CommentAdded c && !h.Envelopes.Any(x => x.Payload is PostCreated created && created.Post == c.Post)));
        var mutated = histories.Sum(h => Mutated(new DeliveryCase(h, [], [])));
        Assert.InRange(mutated, payloads.Length / 10, payloads.Length);
    }

    /// <summary>How many events of a history mention a hostile string.</summary>
    private static int Mutated(DeliveryCase c) =>
        c.History.Envelopes.Count(e => WildEvents.HostileStrings.Where(s => s.Length > 1).Any(s => e.Payload.ToString()!.Contains(s, StringComparison.Ordinal)));
}
