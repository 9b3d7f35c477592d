using Convergence.Domain.Envelope;
using Convergence.Domain.Events;
using Convergence.Domain.Identity;
using Convergence.Domain.Modules;
using Convergence.Domain.Social;
using Convergence.Domain.Views;
using Convergence.Domain.Workload;

namespace Convergence.Samples.BadPins;

/// <summary>
/// KNOWN BAD — kept as a sample of what `convergence check` rejects. Pinning uses "the last event
/// applied wins", so a pin and an unpin issued concurrently in two regions leave the post pinned
/// in one region and unpinned in the other. (The fix: last writer wins by the envelope's stamp,
/// as the social module's profile fields do, or add-wins with observed pins as likes do.)
/// </summary>
public sealed class BadPinModule : DomainModule
{
    public override string Name => "pins";

    public override IReadOnlyList<EventTypeRegistration> EventTypes { get; } =
        [EventTypeRegistration.Of<PostPinned>(), EventTypeRegistration.Of<PostUnpinned>()];

    public override ModuleProjection CreateProjection() => new BadPinProjection();

    public override IReadOnlyList<ClientAction> ClientActions { get; } =
    [
        new("pin", 2, c => VisiblePost(c) is { } post ? new PostPinned(post) : null),
        new("unpin", 2, c => VisiblePost(c) is { } post ? new PostUnpinned(post) : null),
    ];

    public override IEnumerable<string> EntitiesOf(DomainEvent payload) => payload switch
    {
        PostPinned e => [$"post:{e.Post}"],
        PostUnpinned e => [$"post:{e.Post}"],
        _ => [],
    };

    private static PostId? VisiblePost(ClientContext c)
    {
        var view = c.State.Get<ISocialView>();
        return view.Posts.Count == 0 ? null : view.Posts[c.Random.Next(view.Posts.Count)];
    }

    private sealed class BadPinProjection : ModuleProjection
    {
        private Dictionary<PostId, bool> _pinned = [];

        public override void Apply(EventEnvelope envelope)
        {
            // BAD: whichever arrives last decides, so the result depends on delivery order.
            switch (envelope.Payload)
            {
                case PostPinned e: _pinned[e.Post] = true; break;
                case PostUnpinned e: _pinned[e.Post] = false; break;
            }
        }

        public override void Describe(ViewContext context, ViewBuilder view)
        {
            foreach (var (post, pinned) in _pinned.Where(p => p.Value)) view.Add(["pinned", post.Value], ViewValue.True);
        }

        public override ModuleProjection Clone() => new BadPinProjection { _pinned = new(_pinned) };
    }
}
