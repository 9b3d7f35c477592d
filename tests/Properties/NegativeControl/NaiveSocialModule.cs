using Convergence.Domain.Envelope;
using Convergence.Domain.Events;
using Convergence.Domain.Identity;
using Convergence.Domain.Modules;
using Convergence.Domain.Social;
using Convergence.Domain.Views;
using Convergence.Domain.Workload;

namespace Convergence.Properties.Tests.NegativeControl;

/// <summary>
/// KNOWN BAD. The seed's rule-of-thumb handlers ("on commentAdded: add comment to post if post
/// exists"; "on postDeleted: delete post and all related comments"; "the first registration a
/// region sees keeps the email"; last applied write wins). Same events, same clients, different
/// handlers: every law check must reject them, or the check proves nothing.
/// </summary>
public sealed class NaiveSocialModule(bool servesClients = true) : DomainModule
{
    private readonly SocialNetworkModule _convergent = new();

    public override string Name => _convergent.Name;

    public override IReadOnlyList<EventTypeRegistration> EventTypes => _convergent.EventTypes;

    /// <remarks>Without <c>servesClients</c> the projection keeps no client view: only for measuring the naive handlers alone.</remarks>
    public override ModuleProjection CreateProjection() => new NaiveSocialProjection(servesClients);

    public override IReadOnlyList<ClientAction> ClientActions => _convergent.ClientActions;

    public override bool HasSpec => true;

    public override void DescribeSpec(IReadOnlyCollection<EventEnvelope> events, ViewContext context, ViewBuilder view) =>
        _convergent.DescribeSpec(events, context, view);

    public override Func<UserId, UserId> SpecIdentity(IReadOnlyCollection<EventEnvelope> events) => _convergent.SpecIdentity(events);

    public override IEnumerable<string> EntitiesOf(DomainEvent payload) => _convergent.EntitiesOf(payload);
}

/// <summary>The naive handlers' state. Clients still see the region through a convergent projection
/// (<see cref="ISocialView"/>) so that the workload is the same; only what is shown differs.</summary>
internal sealed class NaiveSocialProjection(bool servesClients) : ModuleProjection, ISocialView
{
    private SocialProjection? _clientViewOrNull = servesClients ? new() : null;

    private SocialProjection ClientView => _clientViewOrNull ?? throw new InvalidOperationException("this naive projection serves no clients");
    private Dictionary<string, UserId> _emailOwner = [];
    private Dictionary<UserId, (string Email, string Name, string? Bio, GeoPoint? Location)> _users = [];
    private HashSet<(UserId, UserId)> _friends = [];
    private HashSet<(UserId, UserId)> _requests = [];
    private Dictionary<PostId, (UserId Author, string Text, GeoPoint? Location)> _posts = [];
    private Dictionary<PostId, HashSet<UserId>> _shares = [];
    private Dictionary<PostId, HashSet<UserId>> _likes = [];
    private Dictionary<CommentId, (PostId Post, UserId Author, string Text)> _comments = [];

    public override void Apply(EventEnvelope envelope)
    {
        _clientViewOrNull?.Apply(envelope);
        switch (envelope.Payload)
        {
            case UserRegistered e:
                var email = SocialRules.NormalizeEmail(e.Email);
                if (_emailOwner.TryAdd(email, e.User)) _users[e.User] = (email, e.DisplayName, null, null);
                break;
            case ProfileUpdated e when _users.TryGetValue(e.User, out var u):
                _users[e.User] = u with { Name = e.DisplayName ?? u.Name, Bio = e.Bio ?? u.Bio };
                break;
            case LocationUpdated e when _users.TryGetValue(e.User, out var u):
                _users[e.User] = u with { Location = e.Location };
                break;
            case FriendRequested e: _requests.Add((e.From, e.To)); break;
            case FriendAccepted e:
                _requests.Remove((e.Requester, e.Accepter));
                _friends.Add(Key(e.Requester, e.Accepter));
                break;
            case Unfriended e: _friends.Remove(Key(e.User, e.Friend)); break;
            case PostCreated e: _posts[e.Post] = (e.Author, e.Text, e.Location); break;
            case PostEdited e when _posts.TryGetValue(e.Post, out var p): _posts[e.Post] = p with { Text = e.Text }; break;
            case PostShared e when _posts.ContainsKey(e.Post): Set(_shares, e.Post).Add(e.With); break;
            case PostDeleted e:
                _posts.Remove(e.Post);
                foreach (var id in _comments.Where(c => c.Value.Post == e.Post).Select(c => c.Key).ToArray()) _comments.Remove(id);
                break;
            case CommentAdded e when _posts.ContainsKey(e.Post): _comments[e.Comment] = (e.Post, e.Author, e.Text); break;
            case CommentDeleted e: _comments.Remove(e.Comment); break;
            case PostLiked e when _posts.ContainsKey(e.Post): Set(_likes, e.Post).Add(e.User); break;
            case PostUnliked e: Set(_likes, e.Post).Remove(e.User); break;
        }
    }

    public override void Describe(ViewContext context, ViewBuilder view)
    {
        foreach (var (id, user) in _users)
            SocialViewPaths.WriteUser(view, id, user.Email, user.Name, user.Bio, user.Location, []);
        foreach (var (a, b) in _friends) SocialViewPaths.WriteFriends(view, a, b);
        foreach (var (from, to) in _requests.Where(r => !_friends.Contains(Key(r.Item1, r.Item2))))
            SocialViewPaths.WriteRequest(view, from, to);
        foreach (var (id, post) in _posts)
            SocialViewPaths.WritePost(view, id, post.Author, post.Text, post.Location,
                _shares.GetValueOrDefault(id), _likes.GetValueOrDefault(id));
        foreach (var (id, comment) in _comments)
            SocialViewPaths.WriteComment(view, id, comment.Post, comment.Author, comment.Text);
    }

    public override ModuleProjection Clone() => new NaiveSocialProjection(servesClients)
    {
        _clientViewOrNull = (SocialProjection?)_clientViewOrNull?.Clone(),
        _emailOwner = new(_emailOwner),
        _users = new(_users),
        _friends = [.. _friends],
        _requests = [.. _requests],
        _posts = new(_posts),
        _shares = _shares.ToDictionary(p => p.Key, p => p.Value.ToHashSet()),
        _likes = _likes.ToDictionary(p => p.Key, p => p.Value.ToHashSet()),
        _comments = new(_comments),
    };

    private static (UserId, UserId) Key(UserId a, UserId b) => a.CompareTo(b) <= 0 ? (a, b) : (b, a);

    private static HashSet<UserId> Set(Dictionary<PostId, HashSet<UserId>> sets, PostId post)
    {
        if (!sets.TryGetValue(post, out var set)) sets.Add(post, set = []);
        return set;
    }

    public IReadOnlyList<UserId> Users => ClientView.Users;
    public IReadOnlyList<PostId> Posts => ClientView.Posts;
    public IReadOnlyList<CommentId> Comments => ClientView.Comments;
    public IReadOnlyList<(UserId From, UserId To)> Requests => ClientView.Requests;
    public IReadOnlyList<(UserId A, UserId B)> AcceptedPairs => ClientView.AcceptedPairs;
    public IReadOnlyList<(PostId Post, UserId User)> LikedPairs => ClientView.LikedPairs;
    public UserId CanonicalUser(UserId user) => ClientView.CanonicalUser(user);
    public bool IsEmailTaken(string email) => ClientView.IsEmailTaken(email);
    public bool IsPostVisible(PostId post) => ClientView.IsPostVisible(post);
    public UserId? AuthorOf(PostId post) => ClientView.AuthorOf(post);
    public bool IsCommentVisible(CommentId comment) => ClientView.IsCommentVisible(comment);
    public bool IsPending(UserId from, UserId to) => ClientView.IsPending(from, to);
    public bool AreFriends(UserId a, UserId b) => ClientView.AreFriends(a, b);
    public IEnumerable<EventId> UnfriendsOf(UserId a, UserId b) => ClientView.UnfriendsOf(a, b);
    public IEnumerable<EventId> LiveLikesOf(PostId post, UserId user) => ClientView.LiveLikesOf(post, user);
}
