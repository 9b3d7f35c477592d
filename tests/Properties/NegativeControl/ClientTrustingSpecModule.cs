using Convergence.Domain.Clock;
using Convergence.Domain.Envelope;
using Convergence.Domain.Events;
using Convergence.Domain.Identity;
using Convergence.Domain.Modules;
using Convergence.Domain.Social;
using Convergence.Domain.Views;
using Convergence.Domain.Workload;

namespace Convergence.Properties.Tests.NegativeControl;

/// <summary>
/// KNOWN BAD, only for events no well-behaved client sends: the social module with the spec it had
/// before wild histories were generated — an unlike cancels every like it names, whoever liked what
/// — while the handlers cancel only the unliking user's likes on that post. Client-shaped histories
/// never tell them apart (clients unlike only their own likes); wild ones must.
/// </summary>
public sealed class ClientTrustingSpecModule : DomainModule
{
    private readonly SocialNetworkModule _social = new();

    public override string Name => _social.Name;

    public override IReadOnlyList<EventTypeRegistration> EventTypes => _social.EventTypes;

    public override ModuleProjection CreateProjection() => _social.CreateProjection();

    public override IReadOnlyList<ClientAction> ClientActions => _social.ClientActions;

    public override bool HasSpec => true;

    /// <summary>The old rule, restated through today's spec: every like an unlike names gets an unlike of its own user and post.</summary>
    public override void DescribeSpec(IReadOnlyCollection<EventEnvelope> events, ViewContext context, ViewBuilder view)
    {
        var likes = events.Where(e => e.Payload is PostLiked).ToDictionary(e => e.Id, e => (PostLiked)e.Payload);
        var widened = events.Concat(events
            .Where(e => e.Payload is PostUnliked)
            .SelectMany(e => ((PostUnliked)e.Payload).Likes.Where(likes.ContainsKey).Select((id, i) =>
                new EventEnvelope(new EventId($"{e.Id}~{i}"), e.Origin, HybridTimestamp.Zero, e.AppendedAt,
                    new PostUnliked(likes[id].Post, likes[id].User, new ObservedEvents([id]))))))
            .ToArray();
        _social.DescribeSpec(widened, context, view);
    }

    public override Func<UserId, UserId> SpecIdentity(IReadOnlyCollection<EventEnvelope> events) => _social.SpecIdentity(events);

    public override IEnumerable<string> EntitiesOf(DomainEvent payload) => _social.EntitiesOf(payload);
}
