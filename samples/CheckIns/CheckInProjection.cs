using Convergence.Domain.Envelope;
using Convergence.Domain.Identity;
using Convergence.Domain.Modules;
using Convergence.Domain.Views;

namespace Convergence.Samples.CheckIns;

/// <summary>
/// Per place, the check-ins of each user, kept as a set of event ids: applying a check-in twice
/// is the same as once, and counting happens only when the view is read — after account merges
/// are known, so a merged account's check-ins count for the account that survived.
/// </summary>
public sealed class CheckInProjection : ModuleProjection
{
    private Dictionary<PlaceId, Dictionary<UserId, HashSet<EventId>>> _places = [];

    public override void Apply(EventEnvelope envelope)
    {
        var e = (CheckedIn)envelope.Payload;
        if (!_places.TryGetValue(e.Place, out var users)) _places.Add(e.Place, users = []);
        if (!users.TryGetValue(e.User, out var checkIns)) users.Add(e.User, checkIns = []);
        checkIns.Add(envelope.Id);
    }

    public override void Describe(ViewContext context, ViewBuilder view)
    {
        foreach (var (place, users) in _places)
        {
            var perUser = users.GroupBy(u => context.CanonicalUser(u.Key)).Select(g => (User: g.Key, Count: g.Sum(u => u.Value.Count)));
            CheckInView.Write(view, place, perUser);
        }
    }

    /// <summary>The check-in ids per place and raw user: the counts are derived, the ids decide what a redelivery does.</summary>
    public override void DescribeState(ViewBuilder state)
    {
        foreach (var (place, users) in _places)
        {
            foreach (var (user, checkIns) in users)
                state.Add(["places", place.Value, user.Value], ViewValue.SetOf(checkIns.Select(c => c.Value)));
        }
    }

    public override ModuleProjection Clone() => new CheckInProjection
    {
        _places = _places.ToDictionary(p => p.Key, p => p.Value.ToDictionary(u => u.Key, u => u.Value.ToHashSet())),
    };
}

/// <summary>How check-ins are shown: visitors (distinct users) and the mayor (most check-ins; ties to the smallest id).</summary>
internal static class CheckInView
{
    public static void Write(ViewBuilder view, PlaceId place, IEnumerable<(UserId User, int Count)> perUser)
    {
        var counts = perUser.ToArray();
        view.Add(["places", place.Value, "visitors"], counts.Length);
        var mayor = counts.OrderByDescending(c => c.Count).ThenBy(c => c.User.Value, StringComparer.Ordinal).First();
        view.Add(["places", place.Value, "mayor"], mayor.User.Value);
        view.Add(["places", place.Value, "mayor-check-ins"], mayor.Count);
    }
}
