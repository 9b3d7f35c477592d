using Convergence.Domain.Identity;
using Convergence.Domain.Stores;

namespace Convergence.Domain.Social.Sql;

/// <summary>
/// The social read model in SQL, answering its region's clients (<see cref="ISocialView"/>) with
/// queries: the same answers as <see cref="SocialProjection"/>, lists in arrival order (their
/// <c>seq</c>). Lists are read once per delivery at most: clients ask far more often than events arrive.
/// </summary>
public sealed class SocialSqlProjection(SqlModule module, ISqlSession session) : SqlProjection(module, session), ISocialView
{
    private IReadOnlyList<UserId>? _users;
    private IReadOnlyList<PostId>? _posts;
    private IReadOnlyList<CommentId>? _comments;
    private IReadOnlyList<(UserId, UserId)>? _requests;
    private IReadOnlyList<(UserId, UserId)>? _accepted;
    private IReadOnlyList<(PostId, UserId)>? _liked;

    protected override void Changed()
    {
        _users = null;
        _posts = null;
        _comments = null;
        _requests = null;
        _accepted = null;
        _liked = null;
    }

    public override Func<UserId, UserId> Identity()
    {
        var survivors = new Dictionary<UserId, UserId>();
        Session.Query("SELECT user_id, survivor FROM canonical", [], row => survivors[new UserId(row.GetString(0))] = new UserId(row.GetString(1)));
        return user => survivors.GetValueOrDefault(user, user);
    }

    public IReadOnlyList<UserId> Users => _users ??= List("SELECT user_id FROM user_order ORDER BY seq", r => new UserId(r.GetString(0)));

    public IReadOnlyList<PostId> Posts => _posts ??= List("SELECT post_id FROM post_order ORDER BY seq", r => new PostId(r.GetString(0)));

    public IReadOnlyList<CommentId> Comments => _comments ??= List("SELECT comment_id FROM comment_order ORDER BY seq", r => new CommentId(r.GetString(0)));

    public IReadOnlyList<(UserId From, UserId To)> Requests => _requests ??=
        List("SELECT from_id, to_id FROM request_order ORDER BY seq", r => (new UserId(r.GetString(0)), new UserId(r.GetString(1))));

    public IReadOnlyList<(UserId A, UserId B)> AcceptedPairs => _accepted ??=
        List("SELECT a, b FROM accepted_order ORDER BY seq", r => (new UserId(r.GetString(0)), new UserId(r.GetString(1))));

    public IReadOnlyList<(PostId Post, UserId User)> LikedPairs => _liked ??=
        List("SELECT post_id, user_id FROM liked_order ORDER BY seq", r => (new PostId(r.GetString(0)), new UserId(r.GetString(1))));

    public UserId CanonicalUser(UserId user) =>
        One("""
            SELECT s.user_id FROM users u JOIN users s ON s.email = u.email
            WHERE u.user_id = @u ORDER BY s.reg_w, s.reg_c, s.reg_i LIMIT 1
            """, [new("u", user.Value)], r => new UserId(r.GetString(0)), user);

    public bool IsEmailTaken(string email) =>
        One("SELECT 1 FROM users WHERE email = @e LIMIT 1", [new("e", SocialRules.NormalizeEmail(email))], _ => true, false);

    public bool IsPostVisible(PostId post) =>
        One("SELECT 1 FROM visible_posts WHERE post_id = @p", [new("p", post.Value)], _ => true, false);

    public UserId? AuthorOf(PostId post) =>
        One<UserId?>("SELECT author FROM posts WHERE post_id = @p AND cre_i IS NOT NULL", [new("p", post.Value)], r => new UserId(r.GetString(0)), null);

    public bool IsCommentVisible(CommentId comment) =>
        One("""
            SELECT 1 FROM comments c JOIN visible_posts p ON p.post_id = c.post_id
            WHERE c.comment_id = @c AND c.add_i IS NOT NULL AND c.deleted = 0
            """, [new("c", comment.Value)], _ => true, false);

    public bool IsPending(UserId from, UserId to) =>
        One("SELECT 1 FROM pending_requests WHERE from_id = @f AND to_id = @t", [new("f", from.Value), new("t", to.Value)], _ => true, false);

    public bool AreFriends(UserId a, UserId b) =>
        One("SELECT 1 FROM friend_pairs WHERE a = min(@a, @b) AND b = max(@a, @b)", [new("a", a.Value), new("b", b.Value)], _ => true, false);

    public IEnumerable<EventId> UnfriendsOf(UserId a, UserId b) =>
        List("SELECT unfriend FROM unfriends WHERE a = min(@a, @b) AND b = max(@a, @b)", r => new EventId(r.GetString(0)),
            [new("a", a.Value), new("b", b.Value)]);

    public IEnumerable<EventId> LiveLikesOf(PostId post, UserId user) =>
        List("SELECT tag FROM live_likes WHERE post_id = @p AND user_id = @u", r => new EventId(r.GetString(0)),
            [new("p", post.Value), new("u", user.Value)]);

    private List<T> List<T>(string sql, Func<System.Data.IDataRecord, T> read, IReadOnlyList<SqlArgument>? arguments = null)
    {
        var items = new List<T>();
        Session.Query(sql, arguments ?? [], row => items.Add(read(row)));
        return items;
    }

    private T One<T>(string sql, IReadOnlyList<SqlArgument> arguments, Func<System.Data.IDataRecord, T> read, T none)
    {
        var found = none;
        Session.Query(sql, arguments, row => found = read(row));
        return found;
    }
}
