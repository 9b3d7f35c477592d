using Convergence.Domain.Envelope;
using Convergence.Domain.Events;
using Convergence.Domain.Modules;
using Convergence.Domain.Stores;
using Convergence.Domain.Views;
using Convergence.Domain.Workload;

namespace Convergence.Properties.Tests.Stores;

/// <summary>Someone liked an item.</summary>
[EventType("v1.ItemLiked")]
public sealed record ItemLiked(string Item) : DomainEvent
{
    public override string ToString() => $"ItemLiked {Item}";
}

/// <summary>
/// DELIBERATELY NOT IDEMPOTENT in SQL: <c>likes = likes + 1</c> on every delivery, the handler a
/// developer writes first. Exactly-once delivery (a checkpoint committed with the state) keeps it
/// right; at-least-once delivery (a checkpoint written apart) counts redelivered likes twice.
/// </summary>
public sealed class LikeTallyModule : DomainModule
{
    private static readonly string[] Items = ["a", "b", "c"];

    public override string Name => "tally";

    public override IReadOnlyList<EventTypeRegistration> EventTypes { get; } = [EventTypeRegistration.Of<ItemLiked>()];

    /// <summary>The in-memory handlers count distinct like events: convergent, for comparison.</summary>
    public override ModuleProjection CreateProjection() => new DistinctLikes();

    public override SqlModule Sql { get; } = new(
        "CREATE TABLE items(item TEXT PRIMARY KEY, likes INTEGER NOT NULL);",
        [SqlHandler.On<ItemLiked>("INSERT INTO items(item, likes) VALUES(@Item, 1) ON CONFLICT(item) DO UPDATE SET likes = likes + 1;")],
        [SqlDumpQuery.Rows("SELECT item, 'likes', likes FROM items", "items")]);

    public override IReadOnlyList<ClientAction> ClientActions { get; } = [new("like", 1, c => new ItemLiked(Items[c.Random.Next(Items.Length)]))];

    public override bool HasSpec => true;

    public override void DescribeSpec(IReadOnlyCollection<EventEnvelope> events, ViewContext context, ViewBuilder view)
    {
        foreach (var item in events.Where(e => e.Payload is ItemLiked).DistinctBy(e => e.Id).GroupBy(e => ((ItemLiked)e.Payload).Item))
            view.Add(["items", item.Key, "likes"], item.Count());
    }

    public override IEnumerable<string> EntitiesOf(DomainEvent payload) => payload is ItemLiked e ? [$"item:{e.Item}"] : [];

    private sealed class DistinctLikes : ModuleProjection
    {
        private Dictionary<string, HashSet<Domain.Identity.EventId>> _likes = [];

        public override void Apply(EventEnvelope envelope)
        {
            var e = (ItemLiked)envelope.Payload;
            if (!_likes.TryGetValue(e.Item, out var ids)) _likes.Add(e.Item, ids = []);
            ids.Add(envelope.Id);
        }

        public override void Describe(ViewContext context, ViewBuilder view)
        {
            foreach (var (item, ids) in _likes) view.Add(["items", item, "likes"], ids.Count);
        }

        public override ModuleProjection Clone() => new DistinctLikes { _likes = _likes.ToDictionary(p => p.Key, p => p.Value.ToHashSet()) };
    }
}
