using Convergence.Domain.Envelope;
using Convergence.Domain.Events;
using Convergence.Domain.Identity;
using Convergence.Domain.Modules;
using Convergence.Domain.Social;
using Convergence.Domain.Views;
using Convergence.Domain.Workload;

namespace Bookmarks.Tests.KnownBad;

/// <summary>
/// KNOWN BAD, kept to show what the laws reject: a bookmark counter per post, +1 on a bookmark and −1 on a removal.
/// A projector that replays events from an older checkpoint counts them twice, so regions end with different counts.
/// (The fix is <see cref="BookmarkModule"/>: keep the events, decide when the view is read.)
/// </summary>
public sealed class CountingBookmarkModule : DomainModule
{
    public override string Name => "bookmarks";

    public override IReadOnlyList<EventTypeRegistration> EventTypes { get; } =
        [EventTypeRegistration.Of<PostBookmarked>(), EventTypeRegistration.Of<BookmarkRemoved>()];

    public override ModuleProjection CreateProjection() => new CountingProjection();

    public override IReadOnlyList<ClientAction> ClientActions => new BookmarkModule().ClientActions;

    public override IEnumerable<string> EntitiesOf(DomainEvent payload) => new BookmarkModule().EntitiesOf(payload);

    private sealed class CountingProjection : ModuleProjection
    {
        private Dictionary<PostId, int> _counts = [];

        public override void Apply(EventEnvelope envelope)
        {
            // BAD: a count changed per delivery, so a redelivery counts again.
            var (post, delta) = envelope.Payload switch
            {
                PostBookmarked e => (e.Post, 1),
                BookmarkRemoved e => (e.Post, -1),
                _ => throw new ArgumentException($"not a bookmark event: {envelope.Payload}"),
            };
            _counts[post] = _counts.GetValueOrDefault(post) + delta;
        }

        public override void Describe(ViewContext context, ViewBuilder view)
        {
            foreach (var (post, count) in _counts.Where(c => c.Value != 0)) view.Add([post.Value, "count"], count);
        }

        public override ModuleProjection Clone() => new CountingProjection { _counts = new(_counts) };
    }
}
