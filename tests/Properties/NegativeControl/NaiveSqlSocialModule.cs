using Convergence.Domain.Events;
using Convergence.Domain.Identity;
using Convergence.Domain.Modules;
using Convergence.Domain.Social;
using Convergence.Domain.Social.Sql;
using Convergence.Domain.Stores;
using Convergence.Domain.Workload;

namespace Convergence.Properties.Tests.NegativeControl;

/// <summary>
/// KNOWN BAD, in SQL. The seed's rules as a developer would first write them against a database:
/// <c>INSERT INTO comments … WHERE EXISTS (post)</c>, <c>DELETE FROM posts …; DELETE FROM comments …</c>,
/// the first registration keeps the email (<c>UNIQUE</c>), and <c>UPDATE</c>s where the last applied
/// write wins. Only for folding given deliveries (it serves no clients): the laws must reject it.
/// </summary>
public sealed class NaiveSqlSocialModule : DomainModule
{
    private readonly SocialNetworkModule _convergent = new();

    public override string Name => _convergent.Name;

    public override IReadOnlyList<EventTypeRegistration> EventTypes => _convergent.EventTypes;

    public override ModuleProjection CreateProjection() => new NaiveSocialProjection(servesClients: false);

    public override SqlModule Sql { get; } = new(Schema, Handlers, View) { ExtraArguments = SocialSql.EmailKey };

    public override IReadOnlyList<ClientAction> ClientActions => _convergent.ClientActions;

    public override bool HasSpec => true;

    public override void DescribeSpec(IReadOnlyCollection<Domain.Envelope.EventEnvelope> events, Domain.Views.ViewContext context, Domain.Views.ViewBuilder view) =>
        _convergent.DescribeSpec(events, context, view);

    public override Func<UserId, UserId> SpecIdentity(IReadOnlyCollection<Domain.Envelope.EventEnvelope> events) => _convergent.SpecIdentity(events);

    public override IEnumerable<string> EntitiesOf(DomainEvent payload) => _convergent.EntitiesOf(payload);

    private const string Schema = """
        CREATE TABLE users(user_id TEXT PRIMARY KEY, email TEXT UNIQUE, name TEXT, bio TEXT, lat REAL, lon REAL);
        CREATE TABLE requests(from_id TEXT, to_id TEXT, PRIMARY KEY(from_id, to_id));
        CREATE TABLE friends(a TEXT, b TEXT, PRIMARY KEY(a, b));
        CREATE TABLE posts(post_id TEXT PRIMARY KEY, author TEXT, text TEXT, lat REAL, lon REAL);
        CREATE TABLE shares(post_id TEXT, user_id TEXT, PRIMARY KEY(post_id, user_id));
        CREATE TABLE likes(post_id TEXT, user_id TEXT, PRIMARY KEY(post_id, user_id));
        CREATE TABLE comments(comment_id TEXT PRIMARY KEY, post_id TEXT, author TEXT, text TEXT);
        """;

    private static readonly SqlHandler[] Handlers =
    [
        SqlHandler.On<UserRegistered>("INSERT OR IGNORE INTO users(user_id, email, name) VALUES(@User, @email_key, @DisplayName);"),
        SqlHandler.On<ProfileUpdated>("UPDATE users SET name = COALESCE(@DisplayName, name), bio = COALESCE(@Bio, bio) WHERE user_id = @User;"),
        SqlHandler.On<LocationUpdated>("UPDATE users SET lat = @Location_lat, lon = @Location_lon WHERE user_id = @User;"),
        SqlHandler.On<FriendRequested>("INSERT OR IGNORE INTO requests VALUES(@From, @To);"),
        SqlHandler.On<FriendAccepted>("""
            DELETE FROM requests WHERE from_id = @Requester AND to_id = @Accepter;
            INSERT OR IGNORE INTO friends VALUES(min(@Requester, @Accepter), max(@Requester, @Accepter));
            """),
        SqlHandler.On<Unfriended>("DELETE FROM friends WHERE a = min(@User, @Friend) AND b = max(@User, @Friend);"),
        SqlHandler.On<PostCreated>("INSERT OR REPLACE INTO posts VALUES(@Post, @Author, @Text, @Location_lat, @Location_lon);"),
        SqlHandler.On<PostEdited>("UPDATE posts SET text = @Text WHERE post_id = @Post;"),
        SqlHandler.On<PostShared>("INSERT OR IGNORE INTO shares SELECT @Post, @With WHERE EXISTS (SELECT 1 FROM posts WHERE post_id = @Post);"),
        SqlHandler.On<PostDeleted>("DELETE FROM posts WHERE post_id = @Post; DELETE FROM comments WHERE post_id = @Post;"),
        SqlHandler.On<CommentAdded>("""
            INSERT OR REPLACE INTO comments SELECT @Comment, @Post, @Author, @Text WHERE EXISTS (SELECT 1 FROM posts WHERE post_id = @Post);
            """),
        SqlHandler.On<CommentDeleted>("DELETE FROM comments WHERE comment_id = @Comment;"),
        SqlHandler.On<PostLiked>("INSERT OR IGNORE INTO likes SELECT @Post, @User WHERE EXISTS (SELECT 1 FROM posts WHERE post_id = @Post);"),
        SqlHandler.On<PostUnliked>("DELETE FROM likes WHERE post_id = @Post AND user_id = @User;"),
    ];

    private static readonly SqlDumpQuery[] View =
    [
        new("SELECT user_id, email, name, bio, lat, lon FROM users", (row, _, view) =>
            SocialViewPaths.WriteUser(view, new UserId(row.GetString(0)), row.GetString(1), row.GetString(2), SqlValues.TextOrNull(row, 3),
                SqlValues.RealOrNull(row, 4) is { } lat && SqlValues.RealOrNull(row, 5) is { } lon ? new GeoPoint(lat, lon) : null, [])),
        new("SELECT a, b FROM friends", (row, _, view) => SocialViewPaths.WriteFriends(view, new UserId(row.GetString(0)), new UserId(row.GetString(1)))),
        new("SELECT from_id, to_id FROM requests r WHERE NOT EXISTS (SELECT 1 FROM friends f WHERE f.a = min(r.from_id, r.to_id) AND f.b = max(r.from_id, r.to_id))",
            (row, _, view) => SocialViewPaths.WriteRequest(view, new UserId(row.GetString(0)), new UserId(row.GetString(1)))),
        new("""
            SELECT p.post_id, p.author, p.text, p.lat, p.lon,
              (SELECT json_group_array(user_id) FROM shares s WHERE s.post_id = p.post_id),
              (SELECT json_group_array(user_id) FROM likes l WHERE l.post_id = p.post_id)
            FROM posts p
            """, (row, _, view) => SocialViewPaths.WritePost(view, new PostId(row.GetString(0)), new UserId(row.GetString(1)), row.GetString(2),
                SqlValues.RealOrNull(row, 3) is { } lat && SqlValues.RealOrNull(row, 4) is { } lon ? new GeoPoint(lat, lon) : null,
                SqlValues.TextArray(row, 5).Select(u => new UserId(u)), SqlValues.TextArray(row, 6).Select(u => new UserId(u)))),
        new("SELECT comment_id, post_id, author, text FROM comments", (row, _, view) =>
            SocialViewPaths.WriteComment(view, new CommentId(row.GetString(0)), new PostId(row.GetString(1)), new UserId(row.GetString(2)), row.GetString(3))),
    ];
}
