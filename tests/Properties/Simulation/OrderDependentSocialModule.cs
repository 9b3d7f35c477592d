using Convergence.Domain.Envelope;
using Convergence.Domain.Events;
using Convergence.Domain.Identity;
using Convergence.Domain.Modules;
using Convergence.Domain.Social;
using Convergence.Domain.Views;
using Convergence.Domain.Workload;

namespace Convergence.Properties.Tests.Simulation;

/// <summary>
/// A known-bad stand-in for the social module (the negative control): the seed's naive rules —
/// a comment is kept only if its post was already seen, a post's text is the last edit to
/// arrive, a deleted post takes its comments with it. Its clients, spec and event types are the
/// real module's, so the same workload drives it and the same checks judge it.
/// </summary>
internal sealed class OrderDependentSocialModule : DomainModule
{
    private readonly SocialNetworkModule _inner = new();

    public override string Name => _inner.Name;

    public override IReadOnlyList<EventTypeRegistration> EventTypes => _inner.EventTypes;

    public override ModuleProjection CreateProjection() => new OrderDependentSocialProjection();

    public override IReadOnlyList<ClientAction> ClientActions => _inner.ClientActions;

    public override bool HasSpec => _inner.HasSpec;

    public override void DescribeSpec(IReadOnlyCollection<EventEnvelope> events, ViewContext context, ViewBuilder view) =>
        _inner.DescribeSpec(events, context, view);

    public override Func<UserId, UserId>? SpecIdentity(IReadOnlyCollection<EventEnvelope> events) => _inner.SpecIdentity(events);

    public override IEnumerable<string> EntitiesOf(DomainEvent payload) => _inner.EntitiesOf(payload);
}

/// <summary>
/// The naive projection. Client queries go to a real <see cref="SocialProjection"/> fed the same
/// events (clients call <c>State.Get&lt;ISocialView&gt;()</c>); the view it describes is the naive state.
/// </summary>
internal sealed class OrderDependentSocialProjection : ModuleProjection, ISocialView
{
    private SocialProjection _queries = new();
    private Dictionary<PostId, string> _posts = [];
    private Dictionary<CommentId, PostId> _comments = [];

    public override void Apply(EventEnvelope envelope)
    {
        _queries.Apply(envelope);
        switch (envelope.Payload)
        {
            case PostCreated e: _posts.TryAdd(e.Post, e.Text); break;
            case PostEdited e when _posts.ContainsKey(e.Post): _posts[e.Post] = e.Text; break;
            case PostDeleted e:
                _posts.Remove(e.Post);
                foreach (var comment in _comments.Where(c => c.Value == e.Post).Select(c => c.Key).ToArray()) _comments.Remove(comment);
                break;
            case CommentAdded e when _posts.ContainsKey(e.Post): _comments.TryAdd(e.Comment, e.Post); break;
            case CommentDeleted e: _comments.Remove(e.Comment); break;
        }
    }

    public override void Describe(ViewContext context, ViewBuilder view)
    {
        foreach (var (post, text) in _posts) view.Add($"posts/{post}/text", text);
        foreach (var (comment, post) in _comments) view.Add($"comments/{comment}/post", post.Value);
    }

    public override ModuleProjection Clone() => new OrderDependentSocialProjection
    {
        _queries = (SocialProjection)_queries.Clone(),
        _posts = new Dictionary<PostId, string>(_posts),
        _comments = new Dictionary<CommentId, PostId>(_comments),
    };

    public IReadOnlyList<UserId> Users => _queries.Users;
    public IReadOnlyList<PostId> Posts => _queries.Posts;
    public IReadOnlyList<CommentId> Comments => _queries.Comments;
    public IReadOnlyList<(UserId From, UserId To)> Requests => _queries.Requests;
    public IReadOnlyList<(UserId A, UserId B)> AcceptedPairs => _queries.AcceptedPairs;
    public IReadOnlyList<(PostId Post, UserId User)> LikedPairs => _queries.LikedPairs;
    public UserId CanonicalUser(UserId user) => _queries.CanonicalUser(user);
    public bool IsEmailTaken(string email) => _queries.IsEmailTaken(email);
    public bool IsPostVisible(PostId post) => _queries.IsPostVisible(post);
    public UserId? AuthorOf(PostId post) => _queries.AuthorOf(post);
    public bool IsCommentVisible(CommentId comment) => _queries.IsCommentVisible(comment);
    public bool IsPending(UserId from, UserId to) => _queries.IsPending(from, to);
    public bool AreFriends(UserId a, UserId b) => _queries.AreFriends(a, b);
    public IEnumerable<EventId> UnfriendsOf(UserId a, UserId b) => _queries.UnfriendsOf(a, b);
    public IEnumerable<EventId> LiveLikesOf(PostId post, UserId user) => _queries.LiveLikesOf(post, user);
}
