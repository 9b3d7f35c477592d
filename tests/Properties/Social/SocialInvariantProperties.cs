using Convergence.Domain.Social;
using Convergence.Domain.Views;
using Convergence.Properties.Tests.Generators;
using Convergence.Properties.Tests.Laws;
using Convergence.Simulator.Histories;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Convergence.Properties.Tests.Social;

/// <summary>What users of the social network are promised in every region, at every moment, not only at the end.</summary>
[Properties(Arbitrary = [typeof(HistoryArbitraries)], MaxTest = 150)]
public sealed class SocialInvariantProperties
{
    [Property]
    public Property No_comment_of_a_deleted_post_is_ever_visible(PartialDelivery p)
    {
        var history = p.Case.History;
        var delivered = p.Case.OrderA.Select(i => history.Events[i].Envelope.Payload).ToArray();
        var deleted = delivered.OfType<PostDeleted>().Select(d => d.Post.Value).ToHashSet();
        var view = LawChecks.ViewOf(history, p.Case.OrderA);
        var offending = Field(view, "comments", "post").Where(e => deleted.Contains(e.Value.AsText)).ToArray();
        return (offending.Length == 0).Label($"visible comments of deleted posts: {string.Join("; ", offending)}\n{p}");
    }

    [Property]
    public Property Every_email_has_exactly_one_account_in_every_view(PartialDelivery p)
    {
        var view = LawChecks.ViewOf(p.Case.History, p.Case.OrderA);
        var emails = Field(view, "users", "email").Select(e => e.Value.AsText).ToArray();
        return (emails.Length == emails.Distinct().Count()).Label($"accounts per email: {string.Join(",", emails)}\n{p}");
    }

    [Property]
    public Property Merged_accounts_leave_no_trace_in_the_view(ConcurrentHistory history)
    {
        var view = LawChecks.ViewOf(history, history.RegionOrders[history.Regions[0]]);
        var merged = Field(view, "users", "merged").SelectMany(e => e.Value.Items.Select(i => i.AsText)).ToHashSet();
        var mentions = view.Entries.Where(e => !e.Path[^1].Equals((ViewValue)"merged"))
            .Where(e => merged.Any(m => Mentions(e, m))).ToArray();
        return (mentions.Length == 0).Label($"merged accounts still shown: {string.Join("; ", mentions)}\n{history}")
            .Classify(merged.Count > 0, "has merged accounts");
    }

    [Property]
    public Property The_earliest_registration_of_an_email_survives_whatever_arrives_first(DeliveryCase c)
    {
        var view = LawChecks.ViewOf(c.History, c.OrderA);
        var expected = c.History.Events.Where(e => e.Envelope.Payload is UserRegistered)
            .GroupBy(e => SocialRules.NormalizeEmail(((UserRegistered)e.Envelope.Payload).Email))
            .Select(g => ((UserRegistered)g.MinBy(e => e.Envelope.Stamp)!.Envelope.Payload).User.Value)
            .Order(StringComparer.Ordinal).ToArray();
        var survivors = Field(view, "users", "email").Select(e => e.Path[2].AsText).Order(StringComparer.Ordinal).ToArray();
        return expected.SequenceEqual(survivors).Label($"expected {string.Join(",", expected)} got {string.Join(",", survivors)}\n{c}");
    }

    [Property]
    public Property A_display_name_is_the_last_write_by_hybrid_timestamp(ConcurrentHistory history)
    {
        var view = LawChecks.ViewOf(history, history.RegionOrders[history.Regions[^1]]);
        var identity = new SocialNetworkModule().SpecIdentity(history.Envelopes.ToArray());
        var failures = new List<string>();
        foreach (var entry in Field(view, "users", "name"))
        {
            var user = entry.Path[2].AsText;
            var last = history.Events
                .Select(e => (e.Envelope.Stamp, Name: e.Envelope.Payload switch
                {
                    UserRegistered r when identity(r.User).Value == user => r.DisplayName,
                    ProfileUpdated u when identity(u.User).Value == user => u.DisplayName,
                    _ => null,
                }))
                .Where(x => x.Name is not null).MaxBy(x => x.Stamp).Name;
            if (last != entry.Value.AsText) failures.Add($"{user}: shown {entry.Value}, last write {last}");
        }
        return (failures.Count == 0).Label(string.Join("; ", failures) + "\n" + history);
    }

    /// <summary>The entries <c>social/COLLECTION/ID/FIELD</c> of a view.</summary>
    private static IEnumerable<ViewEntry> Field(ReadModelView view, string collection, string field) =>
        view.Entries.Where(e => e.Path.Length == 4 && e.Path[0].Equals((ViewValue)"social") &&
                                e.Path[1].Equals((ViewValue)collection) && e.Path[3].Equals((ViewValue)field));

    /// <summary>Whether a user id appears as a path segment or inside a value (as text or in a set or list).</summary>
    private static bool Mentions(ViewEntry entry, string user) => entry.Path.Segments.Any(s => Holds(s, user)) || Holds(entry.Value, user);

    private static bool Holds(ViewValue value, string user) => value.Kind switch
    {
        ViewValueKind.Text => value.AsText == user,
        ViewValueKind.Set or ViewValueKind.List => value.Items.Any(i => Holds(i, user)),
        _ => false,
    };
}
