using System.Runtime.InteropServices;
using Convergence.Domain.Envelope;
using Convergence.Domain.Events;
using Convergence.Domain.Identity;
using Convergence.Domain.Modules;
using Convergence.Domain.Views;

namespace Convergence.Domain.Social;

/// <summary>
/// The convergent read model of the social network. Every handler merges a fact into state that
/// depends only on the set of facts seen: registers keep the greatest stamp, sets only grow,
/// tombstones are final, and anything that refers to an entity not yet seen is kept and shown
/// once that entity arrives. Applying an event twice is the same as once.
/// </summary>
public sealed class SocialProjection : ModuleProjection, ISocialView
{
    private Dictionary<UserId, UserState> _users = [];
    private Dictionary<string, EmailGroup> _emails = new(StringComparer.Ordinal);
    private Dictionary<(UserId, UserId), PairState> _pairs = [];
    private Dictionary<(UserId From, UserId To), EventStamp> _requests = [];
    private Dictionary<PostId, PostState> _posts = [];
    private Dictionary<CommentId, CommentState> _comments = [];
    private List<UserId> _userOrder = [];
    private List<PostId> _postOrder = [];
    private List<CommentId> _commentOrder = [];
    private List<(UserId, UserId)> _requestOrder = [];
    private List<(UserId, UserId)> _acceptedOrder = [];
    private List<(PostId, UserId)> _likeOrder = [];

    public override void Apply(EventEnvelope envelope)
    {
        var stamp = envelope.Stamp;
        switch (envelope.Payload)
        {
            case UserRegistered e: Register(e, stamp); break;
            case ProfileUpdated e:
                var profile = UserOf(e.User);
                if (e.DisplayName is not null) profile.Name.Offer(stamp, e.DisplayName);
                if (e.Bio is not null) profile.Bio.Offer(stamp, e.Bio);
                break;
            case LocationUpdated e: UserOf(e.User).Location.Offer(stamp, e.Location); break;
            case FriendRequested e:
                if (_requests.TryGetValue((e.From, e.To), out var seen))
                {
                    if (stamp > seen) _requests[(e.From, e.To)] = stamp;
                }
                else
                {
                    _requests.Add((e.From, e.To), stamp);
                    _requestOrder.Add((e.From, e.To));
                }
                break;
            case FriendAccepted e:
                var accepted = PairOf(e.Requester, e.Accepter);
                if (accepted.Accepts.Count == 0) _acceptedOrder.Add(PairKey(e.Requester, e.Accepter));
                if (!accepted.Accepts.Exists(a => a.Id == envelope.Id)) accepted.Accepts.Add((envelope.Id, e.Overrides));
                accepted.Answer(stamp);
                break;
            case Unfriended e:
                var ended = PairOf(e.User, e.Friend);
                if (!ended.Unfriends.Contains(envelope.Id)) ended.Unfriends.Add(envelope.Id);
                ended.Answer(stamp);
                break;
            case PostCreated e:
                var created = PostOf(e.Post);
                if (!created.Created || stamp < created.CreatedStamp)
                {
                    if (!created.Created) _postOrder.Add(e.Post);
                    created.Created = true;
                    created.CreatedStamp = stamp;
                    created.Author = e.Author;
                    created.Location = e.Location;
                }
                created.Text.Offer(stamp, e.Text);
                break;
            case PostEdited e: PostOf(e.Post).Text.Offer(stamp, e.Text); break;
            case PostShared e:
                var sharedWith = PostOf(e.Post).SharedWith ??= [];
                if (!sharedWith.Contains(e.With)) sharedWith.Add(e.With);
                break;
            case PostDeleted e: PostOf(e.Post).Deleted = true; break;
            case CommentAdded e:
                var comment = CommentOf(e.Comment);
                if (!comment.Added || stamp < comment.Stamp)
                {
                    if (!comment.Added) _commentOrder.Add(e.Comment);
                    comment.Added = true;
                    comment.Stamp = stamp;
                    comment.Post = e.Post;
                    comment.Author = e.Author;
                    comment.Text = e.Text;
                }
                break;
            case CommentDeleted e: CommentOf(e.Comment).Deleted = true; break;
            case PostLiked e:
                var likes = LikesOf(e.Post, e.User);
                // Listed on the pair's first like, whatever arrived before it: an unlike that overtook
                // its like must not keep the pair out of the list (its clients could never unlike it).
                if (likes.Tags.Count == 0) _likeOrder.Add((e.Post, e.User));
                if (!likes.Tags.Contains(envelope.Id)) likes.Tags.Add(envelope.Id);
                break;
            case PostUnliked e:
                var unliked = LikesOf(e.Post, e.User);
                foreach (var id in e.Likes)
                {
                    if (!unliked.Cancelled.Contains(id)) unliked.Cancelled.Add(id);
                }
                break;
            default:
                throw new ArgumentException($"the social module does not handle {envelope.Payload.GetType().Name}");
        }
    }

    public override Func<UserId, UserId> Identity() => CanonicalUser;

    public override void Describe(ViewContext context, ViewBuilder view)
    {
        foreach (var (email, group) in _emails)
        {
            var survivor = group.Survivor;
            var name = new LwwRegister<string>();
            var bio = new LwwRegister<string>();
            var location = new LwwRegister<GeoPoint>();
            foreach (var member in group.Members)
            {
                var state = _users[member];
                name.Offer(state.Name);
                bio.Offer(state.Bio);
                location.Offer(state.Location);
            }
            SocialViewPaths.WriteUser(view, survivor, email, name.Value!, bio.IsSet ? bio.Value : null,
                location.IsSet ? location.Value : null, group.Members.Where(m => m != survivor));
        }

        var friends = new HashSet<(UserId, UserId)>();
        foreach (var (pair, state) in _pairs)
        {
            if (!state.AreFriends) continue;
            var key = PairKey(CanonicalUser(pair.Item1), CanonicalUser(pair.Item2));
            if (key.Item1 != key.Item2) friends.Add(key);
        }
        foreach (var pair in friends) SocialViewPaths.WriteFriends(view, pair.Item1, pair.Item2);

        var pending = new HashSet<(UserId, UserId)>();
        foreach (var (request, _) in _requests)
        {
            if (!IsPending(request.From, request.To)) continue;
            var from = CanonicalUser(request.From);
            var to = CanonicalUser(request.To);
            if (from != to && !friends.Contains(PairKey(from, to))) pending.Add((from, to));
        }
        foreach (var (from, to) in pending) SocialViewPaths.WriteRequest(view, from, to);

        foreach (var (id, post) in _posts)
        {
            if (!post.Created || post.Deleted) continue;
            var likers = post.Likes?.Where(l => l.Value.IsLiked).Select(l => CanonicalUser(l.Key));
            SocialViewPaths.WritePost(view, id, CanonicalUser(post.Author), post.Text.Value, post.Location,
                post.SharedWith?.Select(CanonicalUser), likers);
        }

        foreach (var (id, comment) in _comments)
        {
            if (comment.Added && !comment.Deleted && IsPostVisible(comment.Post))
                SocialViewPaths.WriteComment(view, id, comment.Post, CanonicalUser(comment.Author), comment.Text);
        }
    }

    /// <summary>
    /// Everything the next event's outcome depends on: every register with its stamp, tombstones,
    /// merge groups, accept/unfriend/like/unlike sets, entities known only by reference, and the
    /// client queries' lists as sets (their arrival order is the one thing allowed to differ).
    /// </summary>
    public override void DescribeState(ViewBuilder state)
    {
        foreach (var (id, user) in _users)
        {
            var u = id.Value;
            if (user.Email is not null)
            {
                state.Add(["user", u, "email"], user.Email);
                state.Add(["user", u, "registered"], Stamp(user.RegisteredStamp));
            }
            Register(state, ["user", u, "name"], user.Name, v => v);
            Register(state, ["user", u, "bio"], user.Bio, v => v);
            Register(state, ["user", u, "location"], user.Location, SocialViewPaths.Point);
        }
        foreach (var (email, group) in _emails)
        {
            state.Add(["email", email, "members"], ViewValue.SetOf(group.Members.Select(m => m.Value)));
            state.Add(["email", email, "survivor"], group.Survivor.Value);
        }
        foreach (var ((a, b), pair) in _pairs)
        {
            state.Add(["pair", a.Value, b.Value, "accepts"], ViewValue.SetOf(pair.Accepts.Select(x =>
                ViewValue.ListOf(x.Id.Value, ViewValue.SetOf(x.Overrides.Select(o => o.Value))))));
            state.Add(["pair", a.Value, b.Value, "unfriends"], ViewValue.SetOf(pair.Unfriends.Select(x => x.Value)));
            if (pair.HasAnswer) state.Add(["pair", a.Value, b.Value, "last-answer"], Stamp(pair.LastAnswer));
        }
        foreach (var ((from, to), stamp) in _requests) state.Add(["request", from.Value, to.Value], Stamp(stamp));
        foreach (var (id, post) in _posts)
        {
            var p = id.Value;
            if (post.Created)
            {
                state.Add(["post", p, "created"], Stamp(post.CreatedStamp));
                state.Add(["post", p, "author"], post.Author.Value);
                if (post.Location is { } at) state.Add(["post", p, "location"], SocialViewPaths.Point(at));
            }
            Register(state, ["post", p, "text"], post.Text, v => v);
            state.Add(["post", p, "deleted"], post.Deleted);
            if (post.SharedWith is { } shared) state.Add(["post", p, "shared"], ViewValue.SetOf(shared.Select(u => u.Value)));
            foreach (var (user, like) in post.Likes ?? [])
            {
                state.Add(["post", p, "like", user.Value, "tags"], ViewValue.SetOf(like.Tags.Select(t => t.Value)));
                state.Add(["post", p, "like", user.Value, "cancelled"], ViewValue.SetOf(like.Cancelled.Select(t => t.Value)));
            }
        }
        foreach (var (id, comment) in _comments)
        {
            var c = id.Value;
            if (comment.Added)
            {
                state.Add(["comment", c, "added"], Stamp(comment.Stamp));
                state.Add(["comment", c, "post"], comment.Post.Value);
                state.Add(["comment", c, "author"], comment.Author.Value);
                state.Add(["comment", c, "text"], comment.Text);
            }
            state.Add(["comment", c, "deleted"], comment.Deleted);
        }
        state.Add(["query", "users"], ViewValue.SetOf(_userOrder.Select(u => u.Value)));
        state.Add(["query", "posts"], ViewValue.SetOf(_postOrder.Select(p => p.Value)));
        state.Add(["query", "comments"], ViewValue.SetOf(_commentOrder.Select(c => c.Value)));
        state.Add(["query", "requests"], ViewValue.SetOf(_requestOrder.Select(r => ViewValue.ListOf(r.Item1.Value, r.Item2.Value))));
        state.Add(["query", "accepted"], ViewValue.SetOf(_acceptedOrder.Select(r => ViewValue.ListOf(r.Item1.Value, r.Item2.Value))));
        state.Add(["query", "liked"], ViewValue.SetOf(_likeOrder.Select(r => ViewValue.ListOf(r.Item1.Value, r.Item2.Value))));
    }

    private static ViewValue Stamp(EventStamp stamp) =>
        ViewValue.ListOf(stamp.Timestamp.WallMs, stamp.Timestamp.Counter, stamp.Id.Value);

    private static void Register<T>(ViewBuilder state, ViewPath path, LwwRegister<T> register, Func<T, ViewValue> value)
    {
        if (register.IsSet) state.Add(path, ViewValue.ListOf(Stamp(register.Stamp), value(register.Value)));
    }

    public override ModuleProjection Clone()
    {
        var copy = (SocialProjection)MemberwiseClone();
        copy._users = _users.ToDictionary(p => p.Key, p => p.Value.Clone());
        copy._emails = new Dictionary<string, EmailGroup>(
            _emails.Select(p => KeyValuePair.Create(p.Key, p.Value.Clone())), StringComparer.Ordinal);
        copy._pairs = _pairs.ToDictionary(p => p.Key, p => p.Value.Clone());
        copy._requests = new Dictionary<(UserId, UserId), EventStamp>(_requests);
        copy._posts = _posts.ToDictionary(p => p.Key, p => p.Value.Clone());
        copy._comments = _comments.ToDictionary(p => p.Key, p => p.Value.Clone());
        copy._userOrder = [.. _userOrder];
        copy._postOrder = [.. _postOrder];
        copy._commentOrder = [.. _commentOrder];
        copy._requestOrder = [.. _requestOrder];
        copy._acceptedOrder = [.. _acceptedOrder];
        copy._likeOrder = [.. _likeOrder];
        return copy;
    }

    // ISocialView: cheap queries for the clients of this region.
    public IReadOnlyList<UserId> Users => _userOrder;
    public IReadOnlyList<PostId> Posts => _postOrder;
    public IReadOnlyList<CommentId> Comments => _commentOrder;
    public IReadOnlyList<(UserId From, UserId To)> Requests => _requestOrder;
    public IReadOnlyList<(UserId A, UserId B)> AcceptedPairs => _acceptedOrder;
    public IReadOnlyList<(PostId Post, UserId User)> LikedPairs => _likeOrder;

    public UserId CanonicalUser(UserId user) =>
        _users.TryGetValue(user, out var state) && state.Email is { } email ? _emails[email].Survivor : user;

    /// <summary>The normalised email <paramref name="user"/> registered with here, or null.</summary>
    public string? EmailOf(UserId user) => _users.TryGetValue(user, out var state) ? state.Email : null;

    /// <summary>The account this region shows for a normalised email, or null when it knows none.</summary>
    public UserId? AccountOf(string email) => _emails.TryGetValue(email, out var group) ? group.Survivor : null;

    public bool IsEmailTaken(string email) => _emails.ContainsKey(SocialRules.NormalizeEmail(email));

    public bool IsPostVisible(PostId post) => _posts.TryGetValue(post, out var state) && state.Created && !state.Deleted;

    public UserId? AuthorOf(PostId post) => _posts.TryGetValue(post, out var state) && state.Created ? state.Author : null;

    public bool IsCommentVisible(CommentId comment) =>
        _comments.TryGetValue(comment, out var state) && state.Added && !state.Deleted && IsPostVisible(state.Post);

    public bool IsPending(UserId from, UserId to) =>
        _requests.TryGetValue((from, to), out var requested) &&
        !(_pairs.TryGetValue(PairKey(from, to), out var pair) && pair.HasAnswer && !(requested > pair.LastAnswer));

    public bool AreFriends(UserId a, UserId b) => _pairs.TryGetValue(PairKey(a, b), out var pair) && pair.AreFriends;

    public IEnumerable<EventId> UnfriendsOf(UserId a, UserId b) =>
        _pairs.TryGetValue(PairKey(a, b), out var pair) ? pair.Unfriends : [];

    public IEnumerable<EventId> LiveLikesOf(PostId post, UserId user) =>
        _posts.TryGetValue(post, out var state) && state.Likes is { } likes && likes.TryGetValue(user, out var like)
            ? like.Tags.Where(t => !like.Cancelled.Contains(t))
            : [];

    private void Register(UserRegistered e, EventStamp stamp)
    {
        var user = UserOf(e.User);
        user.Name.Offer(stamp, e.DisplayName);
        if (user.Email is not null && !(stamp < user.RegisteredStamp)) return;

        var email = SocialRules.NormalizeEmail(e.Email);
        if (user.Email is null) _userOrder.Add(e.User);
        else if (user.Email != email) LeaveGroup(e.User, user.Email);
        user.Email = email;
        user.RegisteredStamp = stamp;

        if (!_emails.TryGetValue(email, out var group)) _emails.Add(email, group = new EmailGroup());
        if (!group.Members.Contains(e.User)) group.Members.Add(e.User);
        group.Recompute(_users);
    }

    private void LeaveGroup(UserId user, string email)
    {
        var group = _emails[email];
        group.Members.Remove(user);
        if (group.Members.Count == 0) _emails.Remove(email);
        else group.Recompute(_users);
    }

    private static (UserId, UserId) PairKey(UserId a, UserId b) => a.CompareTo(b) <= 0 ? (a, b) : (b, a);

    // One hash lookup per entity on the hot path (2M+ events/s is the target).
    private static TValue GetOrAdd<TKey, TValue>(Dictionary<TKey, TValue> map, TKey key) where TKey : notnull where TValue : class, new() =>
        CollectionsMarshal.GetValueRefOrAddDefault(map, key, out _) ??= new TValue();

    private UserState UserOf(UserId id) => GetOrAdd(_users, id);

    private PairState PairOf(UserId a, UserId b) => GetOrAdd(_pairs, PairKey(a, b));

    private PostState PostOf(PostId id) => GetOrAdd(_posts, id);

    private CommentState CommentOf(CommentId id) => GetOrAdd(_comments, id);

    private LikeState LikesOf(PostId post, UserId user) => GetOrAdd(PostOf(post).Likes ??= [], user);

    private sealed class UserState
    {
        public string? Email;
        public EventStamp RegisteredStamp;
        public LwwRegister<string> Name;
        public LwwRegister<string> Bio;
        public LwwRegister<GeoPoint> Location;

        public UserState Clone() => (UserState)MemberwiseClone();
    }

    private sealed class EmailGroup
    {
        public List<UserId> Members = [];
        public UserId Survivor;

        public void Recompute(Dictionary<UserId, UserState> users) =>
            Survivor = Members.MinBy(m => users[m].RegisteredStamp);

        public EmailGroup Clone() => new() { Members = [.. Members], Survivor = Survivor };
    }

    private sealed class PairState
    {
        // Lists, not sets: a pair sees a handful of accepts and unfriends, and lists are far cheaper to create.
        public List<(EventId Id, ObservedEvents Overrides)> Accepts = [];
        public List<EventId> Unfriends = [];
        public EventStamp LastAnswer;
        public bool HasAnswer;

        /// <summary>Remove-wins: friends while some accept overrides every unfriend of the pair.</summary>
        public bool AreFriends => Accepts.Exists(a => Unfriends.TrueForAll(a.Overrides.Contains));

        public void Answer(EventStamp stamp)
        {
            if (HasAnswer && !(stamp > LastAnswer)) return;
            LastAnswer = stamp;
            HasAnswer = true;
        }

        public PairState Clone() => new()
        {
            Accepts = new(Accepts), Unfriends = [.. Unfriends], LastAnswer = LastAnswer, HasAnswer = HasAnswer,
        };
    }

    private sealed class PostState
    {
        public bool Created;
        public EventStamp CreatedStamp;
        public UserId Author;
        public GeoPoint? Location;
        public LwwRegister<string> Text;
        public bool Deleted;
        public List<UserId>? SharedWith;
        public Dictionary<UserId, LikeState>? Likes;

        public PostState Clone()
        {
            var copy = (PostState)MemberwiseClone();
            copy.SharedWith = SharedWith is null ? null : [.. SharedWith];
            copy.Likes = Likes?.ToDictionary(p => p.Key, p => p.Value.Clone());
            return copy;
        }
    }

    private sealed class CommentState
    {
        public bool Added;
        public EventStamp Stamp;
        public PostId Post;
        public UserId Author;
        public string Text = "";
        public bool Deleted;

        public CommentState Clone() => (CommentState)MemberwiseClone();
    }

    private sealed class LikeState
    {
        public List<EventId> Tags = new(1);
        public List<EventId> Cancelled = new(1);

        /// <summary>Add-wins: liked while some like is not cancelled by an unlike that saw it.</summary>
        public bool IsLiked => Tags.Exists(t => !Cancelled.Contains(t));

        public LikeState Clone() => new() { Tags = [.. Tags], Cancelled = [.. Cancelled] };
    }
}
