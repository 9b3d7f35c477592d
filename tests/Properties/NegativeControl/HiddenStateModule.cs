using Convergence.Domain.Envelope;
using Convergence.Domain.Events;
using Convergence.Domain.Identity;
using Convergence.Domain.Modules;
using Convergence.Domain.Social;
using Convergence.Domain.Views;
using Convergence.Domain.Workload;

namespace Convergence.Properties.Tests.NegativeControl;

/// <summary>A label put on a post.</summary>
[EventType("test.PostLabelled")]
public sealed record PostLabelled(PostId Post, string Label) : DomainEvent
{
    public override string ToString() => $"PostLabelled {Post} {Label}";
}

/// <summary>
/// KNOWN BAD, invisibly: the view shows every label of a post (a set: the same in every order), but
/// the projection also keeps the last label applied — arrival order — and would use it for the next
/// write (say, "rename the current label"). Every view-level check passes; only a state-level
/// comparison can tell the regions apart, which is what the negative control proves.
/// </summary>
public sealed class HiddenStateModule : DomainModule
{
    private static readonly string[] Labels = ["news", "fun", "old"];

    public override string Name => "labels";

    public override IReadOnlyList<EventTypeRegistration> EventTypes { get; } = [EventTypeRegistration.Of<PostLabelled>()];

    public override ModuleProjection CreateProjection() => new Projection();

    public override IReadOnlyList<ClientAction> ClientActions { get; } =
    [
        new("label", 4, c =>
        {
            var posts = c.State.Get<ISocialView>().Posts;
            return posts.Count == 0 ? null : new PostLabelled(posts[c.Random.Next(posts.Count)], Labels[c.Random.Next(Labels.Length)]);
        }),
    ];

    public override IEnumerable<string> EntitiesOf(DomainEvent payload) => payload is PostLabelled e ? [$"post:{e.Post}"] : [];

    private sealed class Projection : ModuleProjection
    {
        private Dictionary<PostId, SortedSet<string>> _labels = [];
        private Dictionary<PostId, string> _current = [];

        public override void Apply(EventEnvelope envelope)
        {
            var e = (PostLabelled)envelope.Payload;
            if (!_labels.TryGetValue(e.Post, out var labels)) _labels.Add(e.Post, labels = new SortedSet<string>(StringComparer.Ordinal));
            labels.Add(e.Label);
            _current[e.Post] = e.Label; // BAD: last applied, not last written
        }

        public override void Describe(ViewContext context, ViewBuilder view)
        {
            foreach (var (post, labels) in _labels) view.Add(["posts", post.Value], ViewValue.SetOf(labels));
        }

        public override void DescribeState(ViewBuilder state)
        {
            Describe(ViewContext.Identity, state);
            foreach (var (post, label) in _current) state.Add(["current", post.Value], label);
        }

        public override ModuleProjection Clone() => new Projection
        {
            _labels = _labels.ToDictionary(p => p.Key, p => new SortedSet<string>(p.Value, StringComparer.Ordinal)),
            _current = new(_current),
        };
    }
}
