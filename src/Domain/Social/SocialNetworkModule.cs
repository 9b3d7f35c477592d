using Convergence.Domain.Envelope;
using Convergence.Domain.Events;
using Convergence.Domain.Identity;
using Convergence.Domain.Modules;
using Convergence.Domain.Stores;
using Convergence.Domain.Views;
using Convergence.Domain.Workload;

namespace Convergence.Domain.Social;

/// <summary>The location-based social network: users, friendships, posts, comments and likes.</summary>
public sealed class SocialNetworkModule : DomainModule
{
    public override string Name => "social";

    public override IReadOnlyList<EventTypeRegistration> EventTypes { get; } =
    [
        EventTypeRegistration.Of<UserRegistered>(),
        EventTypeRegistration.Of<ProfileUpdated>(),
        EventTypeRegistration.Of<LocationUpdated>(),
        EventTypeRegistration.Of<FriendRequested>(),
        EventTypeRegistration.Of<FriendAccepted>(),
        EventTypeRegistration.Of<Unfriended>(),
        EventTypeRegistration.Of<PostCreated>(),
        EventTypeRegistration.Of<PostEdited>(),
        EventTypeRegistration.Of<PostShared>(),
        EventTypeRegistration.Of<PostDeleted>(),
        EventTypeRegistration.Of<CommentAdded>(),
        EventTypeRegistration.Of<CommentDeleted>(),
        EventTypeRegistration.Of<PostLiked>(),
        EventTypeRegistration.Of<PostUnliked>(),
    ];

    public override ModuleProjection CreateProjection() => new SocialProjection();

    public override SqlModule Sql => Social.Sql.SocialSql.Module;

    public override IReadOnlyList<ClientAction> ClientActions => SocialClientActions.All;

    public override bool HasSpec => true;

    public override void DescribeSpec(IReadOnlyCollection<EventEnvelope> events, ViewContext context, ViewBuilder view) =>
        SocialSpec.Describe(events, context, view);

    public override Func<UserId, UserId> SpecIdentity(IReadOnlyCollection<EventEnvelope> events) => SocialSpec.Identity(events);

    /// <summary>
    /// Entities: a user, a pair of users, a post. A comment touches its post (so comment/delete
    /// races count), a like touches its post, a registration touches its email.
    /// </summary>
    public override IEnumerable<string> EntitiesOf(DomainEvent payload) => payload switch
    {
        UserRegistered e => [$"email:{SocialRules.NormalizeEmail(e.Email)}", $"user:{e.User}"],
        ProfileUpdated e => [$"user:{e.User}"],
        LocationUpdated e => [$"user:{e.User}"],
        FriendRequested e => [Pair(e.From, e.To)],
        FriendAccepted e => [Pair(e.Requester, e.Accepter)],
        Unfriended e => [Pair(e.User, e.Friend)],
        PostCreated e => [$"post:{e.Post}"],
        PostEdited e => [$"post:{e.Post}"],
        PostShared e => [$"post:{e.Post}"],
        PostDeleted e => [$"post:{e.Post}"],
        CommentAdded e => [$"post:{e.Post}", $"comment:{e.Comment}"],
        CommentDeleted e => [$"comment:{e.Comment}"],
        PostLiked e => [$"post:{e.Post}", $"like:{e.Post}/{e.User}"],
        PostUnliked e => [$"post:{e.Post}", $"like:{e.Post}/{e.User}"],
        _ => [],
    };

    /// <summary>
    /// Two regions that each accepted a sign-up of the same email show two accounts for it until
    /// each has seen both registrations; then all show the survivor.
    /// </summary>
    public override IReadOnlyList<EventualInvariant> EventualInvariants { get; } =
    [
        new("one-account-per-email", "every region shows the same single account for an email",
            views => views.SelectMany(SocialViewPaths.EmailAccounts)
                .GroupBy(x => x.Email, StringComparer.Ordinal)
                .Where(g => g.Select(x => x.Account).Distinct(StringComparer.Ordinal).Count() > 1)
                .Select(g => g.Key))
        {
            Keys = new InvariantKeys(
                (model, envelope) => envelope.Payload is UserRegistered e && model.Find<SocialProjection>() is { } social
                    ? social.EmailOf(e.User) is { } before ? [SocialRules.NormalizeEmail(e.Email), before] : [SocialRules.NormalizeEmail(e.Email)]
                    : [],
                (models, email) =>
                {
                    UserId? shown = null;
                    foreach (var model in models)
                    {
                        if (model.Find<SocialProjection>()?.AccountOf(email) is not { } account) continue;
                        if (shown is { } other && other != account) return true;
                        shown = account;
                    }
                    return false;
                }),
        },
    ];

    private static string Pair(UserId a, UserId b) => a.CompareTo(b) <= 0 ? $"pair:{a}~{b}" : $"pair:{b}~{a}";
}
