using Convergence.Domain.Projection;
using Convergence.Domain.Social;
using Convergence.Domain.Views;
using Convergence.Properties.Tests.Generators;
using Convergence.Properties.Tests.Laws;
using Convergence.Simulator.Histories;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Convergence.Properties.Tests.Stores;

/// <summary>
/// The social module written in SQL, on in-memory SQLite: the same laws as the C# handlers, and the
/// same view as the C# handlers for the same delivery.
/// </summary>
[Properties(Arbitrary = [typeof(HistoryArbitraries)], MaxTest = 40)]
public sealed class SqlSocialProperties
{
    [Property]
    public Property Memory_and_sql_views_of_the_same_delivery_are_equal(DeliveryCase c)
    {
        var memory = ReadModel.FromDeliveries(Catalogs.Convergent, c.DeliveriesA).ToView();
        var sql = ReadModel.FromDeliveries(Catalogs.SocialSql, c.DeliveriesA).ToView();
        return memory.Equals(sql).Label("memory vs sql\n" + c.Describe() + "\n  diff: " + memory.DiffTo(sql).Describe(8));
    }

    [Property]
    public Property Any_two_delivery_orders_give_the_same_sql_view(DeliveryCase c) => LawChecks.OrderIndependence(c.On(Catalogs.SocialSql));

    [Property]
    public Property Any_two_delivery_orders_give_the_same_sql_state(DeliveryCase c)
    {
        var sql = c.On(Catalogs.SocialSql);
        var a = ReadModel.FromDeliveries(Catalogs.SocialSql, sql.DeliveriesA).ToState();
        var b = ReadModel.FromDeliveries(Catalogs.SocialSql, sql.DeliveriesB).ToState();
        return a.Equals(b).Label("state level\n" + c.Describe() + "\n  diff: " + a.DiffTo(b).Describe(8));
    }

    [Property]
    public Property Delivering_events_again_changes_nothing_in_sql(Redelivery r)
    {
        var sql = r.Case.On(Catalogs.SocialSql);
        var once = ReadModel.FromDeliveries(Catalogs.SocialSql, sql.DeliveriesA);
        var again = ReadModel.FromDeliveries(Catalogs.SocialSql, sql.DeliveriesB);
        return (once.ToView().Equals(again.ToView()) && once.ToState().Equals(again.ToState()))
            .Label("L2 duplicate tolerance (sql)\n" + r.Case.Describe());
    }

    [Property]
    public Property The_sql_view_agrees_with_the_spec(DeliveryCase c) => LawChecks.SpecAgreement(c.On(Catalogs.SocialSql));

    [Property]
    public Property Sql_and_memory_answer_the_clients_queries_alike(DeliveryCase c)
    {
        var memory = ReadModel.FromDeliveries(Catalogs.Convergent, c.DeliveriesA).Get<ISocialView>();
        var sql = ReadModel.FromDeliveries(Catalogs.SocialSql, c.DeliveriesA).Get<ISocialView>();
        var users = memory.Users.Concat(c.History.Events.SelectMany(e => e.Envelope.Payload is FriendRequested f ? [f.From, f.To] : Array.Empty<Domain.Identity.UserId>())).Distinct().ToArray();
        var answers = new (string Query, bool Same)[]
        {
            ("Users", memory.Users.SequenceEqual(sql.Users)),
            ("Posts", memory.Posts.SequenceEqual(sql.Posts)),
            ("Comments", memory.Comments.SequenceEqual(sql.Comments)),
            ("Requests", memory.Requests.SequenceEqual(sql.Requests)),
            ("AcceptedPairs", memory.AcceptedPairs.SequenceEqual(sql.AcceptedPairs)),
            ("LikedPairs", memory.LikedPairs.SequenceEqual(sql.LikedPairs)),
            ("CanonicalUser", users.All(u => memory.CanonicalUser(u) == sql.CanonicalUser(u))),
            ("IsPostVisible/AuthorOf", memory.Posts.All(p => memory.IsPostVisible(p) == sql.IsPostVisible(p) && memory.AuthorOf(p) == sql.AuthorOf(p))),
            ("IsCommentVisible", memory.Comments.All(k => memory.IsCommentVisible(k) == sql.IsCommentVisible(k))),
            ("IsPending/AreFriends/UnfriendsOf", users.SelectMany(a => users.Select(b => (a, b))).All(p =>
                memory.IsPending(p.a, p.b) == sql.IsPending(p.a, p.b) && memory.AreFriends(p.a, p.b) == sql.AreFriends(p.a, p.b)
                && memory.UnfriendsOf(p.a, p.b).Order().SequenceEqual(sql.UnfriendsOf(p.a, p.b).Order()))),
            ("LiveLikesOf", memory.LikedPairs.All(l => memory.LiveLikesOf(l.Post, l.User).Order().SequenceEqual(sql.LiveLikesOf(l.Post, l.User).Order()))),
        };
        var differing = answers.Where(a => !a.Same).Select(a => a.Query).ToArray();
        return (differing.Length == 0).Label($"queries answered differently: {string.Join(", ", differing)}\n{c}");
    }

    [Property]
    public Property A_cloned_sql_model_resumes_to_the_same_view(DeliveryCase c, NonNegativeInt cut)
    {
        var sql = c.On(Catalogs.SocialSql);
        var order = sql.OrderA;
        var checkpoint = order.Count == 0 ? 0 : cut.Item % (order.Count + 1);
        var model = new ReadModel(Catalogs.SocialSql);
        foreach (var e in sql.History.InOrder(order.Take(checkpoint))) model.Apply(e);
        var snapshot = model.Clone();
        foreach (var e in sql.History.InOrder(order.Skip(checkpoint))) model.Apply(e);
        foreach (var e in sql.History.InOrder(order.Skip(checkpoint))) snapshot.Apply(e);
        return (model.ToView().Equals(snapshot.ToView()) && model.ToState().Equals(snapshot.ToState()))
            .Label($"clone after {checkpoint} deliveries\n{c}");
    }

    [Fact]
    public void The_sql_state_level_sees_what_the_view_hides()
    {
        // Two deliveries that show the same view (a deleted post, with or without an edit before the delete)
        // differ in what decides the future: the state level must tell them apart.
        var history = HistoryGenerator.Generate(Catalogs.Convergent, new HistoryOptions { Regions = 2, Actions = 40 }, 3);
        var edits = history.Events.Select((e, i) => (e, i)).Where(x => x.e.Envelope.Payload is PostEdited).Select(x => x.i).ToHashSet();
        var all = Enumerable.Range(0, history.Count).ToArray();
        var withoutEdits = all.Where(i => !edits.Contains(i)).ToArray();
        Assert.NotEmpty(edits);
        var full = ReadModel.FromDeliveries(Catalogs.SocialSql, history.InOrder(all)).ToState();
        var partial = ReadModel.FromDeliveries(Catalogs.SocialSql, history.InOrder(withoutEdits)).ToState();
        Assert.NotEqual(full, partial);
        Assert.Contains(full.Entries, e => e.Path[1].Equals(ViewValue.Text("posts")));
    }
}
