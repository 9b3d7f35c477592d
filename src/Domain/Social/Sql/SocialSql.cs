using Convergence.Domain.Events;
using Convergence.Domain.Identity;
using Convergence.Domain.Stores;

namespace Convergence.Domain.Social.Sql;

/// <summary>
/// The convergent social handlers written in SQL, beside <see cref="SocialProjection"/>: the same
/// merges, row by row. Registers keep the greatest stamp <c>(wall, counter, id)</c> (a row-value
/// comparison), sets are tables that only grow (<c>INSERT OR IGNORE</c>), tombstones are final, and
/// a row that refers to an entity not yet seen is kept and shown once that entity arrives. The view
/// is written through <see cref="SocialViewPaths"/>, so it can only differ from the in-memory one in
/// what the SQL computes.
/// </summary>
public static class SocialSql
{
    private const string NewStamp = "(@wall_ms, @counter, @event_id)";

    public const string Schema = """
        CREATE TABLE users(
          user_id TEXT PRIMARY KEY,
          email TEXT, reg_w INTEGER, reg_c INTEGER, reg_i TEXT,
          name TEXT, name_w INTEGER, name_c INTEGER, name_i TEXT,
          bio TEXT, bio_w INTEGER, bio_c INTEGER, bio_i TEXT,
          lat REAL, lon REAL, loc_w INTEGER, loc_c INTEGER, loc_i TEXT);
        CREATE INDEX users_by_email ON users(email);
        CREATE TABLE user_order(seq INTEGER PRIMARY KEY, user_id TEXT NOT NULL UNIQUE);
        CREATE TABLE requests(from_id TEXT, to_id TEXT, w INTEGER, c INTEGER, i TEXT, PRIMARY KEY(from_id, to_id));
        CREATE TABLE request_order(seq INTEGER PRIMARY KEY, from_id TEXT NOT NULL, to_id TEXT NOT NULL, UNIQUE(from_id, to_id));
        CREATE TABLE pairs(a TEXT, b TEXT, ans_w INTEGER, ans_c INTEGER, ans_i TEXT, PRIMARY KEY(a, b));
        CREATE TABLE accepts(a TEXT, b TEXT, accept TEXT, PRIMARY KEY(a, b, accept));
        CREATE TABLE accept_overrides(a TEXT, b TEXT, accept TEXT, unfriend TEXT, PRIMARY KEY(a, b, accept, unfriend));
        CREATE TABLE unfriends(a TEXT, b TEXT, unfriend TEXT, PRIMARY KEY(a, b, unfriend));
        CREATE TABLE accepted_order(seq INTEGER PRIMARY KEY, a TEXT NOT NULL, b TEXT NOT NULL, UNIQUE(a, b));
        CREATE TABLE posts(
          post_id TEXT PRIMARY KEY,
          cre_w INTEGER, cre_c INTEGER, cre_i TEXT, author TEXT, lat REAL, lon REAL,
          text TEXT, text_w INTEGER, text_c INTEGER, text_i TEXT,
          deleted INTEGER NOT NULL DEFAULT 0);
        CREATE TABLE post_order(seq INTEGER PRIMARY KEY, post_id TEXT NOT NULL UNIQUE);
        CREATE TABLE shares(post_id TEXT, user_id TEXT, PRIMARY KEY(post_id, user_id));
        CREATE TABLE likes(post_id TEXT, user_id TEXT, PRIMARY KEY(post_id, user_id));
        CREATE TABLE like_tags(post_id TEXT, user_id TEXT, tag TEXT, PRIMARY KEY(post_id, user_id, tag));
        CREATE TABLE like_cancels(post_id TEXT, user_id TEXT, tag TEXT, PRIMARY KEY(post_id, user_id, tag));
        CREATE TABLE liked_order(seq INTEGER PRIMARY KEY, post_id TEXT NOT NULL, user_id TEXT NOT NULL, UNIQUE(post_id, user_id));
        CREATE TABLE comments(
          comment_id TEXT PRIMARY KEY,
          add_w INTEGER, add_c INTEGER, add_i TEXT, post_id TEXT, author TEXT, text TEXT,
          deleted INTEGER NOT NULL DEFAULT 0);
        CREATE INDEX comments_by_post ON comments(post_id);
        CREATE TABLE comment_order(seq INTEGER PRIMARY KEY, comment_id TEXT NOT NULL UNIQUE);

        -- The surviving account of each email: the earliest registration by stamp.
        CREATE VIEW survivors AS
          SELECT email, user_id AS survivor FROM (
            SELECT email, user_id, row_number() OVER (PARTITION BY email ORDER BY reg_w, reg_c, reg_i) AS rn
            FROM users WHERE email IS NOT NULL)
          WHERE rn = 1;
        CREATE VIEW canonical AS
          SELECT u.user_id, COALESCE(s.survivor, u.user_id) AS survivor
          FROM users u LEFT JOIN survivors s ON s.email = u.email;
        -- Remove-wins friendship: some accept overrides every unfriend of the pair.
        CREATE VIEW friend_pairs AS
          SELECT p.a, p.b FROM pairs p WHERE EXISTS (
            SELECT 1 FROM accepts x WHERE x.a = p.a AND x.b = p.b AND NOT EXISTS (
              SELECT 1 FROM unfriends u WHERE u.a = x.a AND u.b = x.b AND NOT EXISTS (
                SELECT 1 FROM accept_overrides o
                WHERE o.a = x.a AND o.b = x.b AND o.accept = x.accept AND o.unfriend = u.unfriend)));
        -- A request is pending while no answer on its pair is as late as it.
        CREATE VIEW pending_requests AS
          SELECT r.from_id, r.to_id FROM requests r
          LEFT JOIN pairs p ON p.a = min(r.from_id, r.to_id) AND p.b = max(r.from_id, r.to_id)
          WHERE p.ans_i IS NULL OR (r.w, r.c, r.i) > (p.ans_w, p.ans_c, p.ans_i);
        -- Add-wins likes: some like of the pair not cancelled by an unlike that saw it.
        CREATE VIEW live_likes AS
          SELECT t.post_id, t.user_id, t.tag FROM like_tags t
          WHERE NOT EXISTS (SELECT 1 FROM like_cancels c WHERE c.post_id = t.post_id AND c.user_id = t.user_id AND c.tag = t.tag);
        CREATE VIEW visible_posts AS
          SELECT * FROM posts WHERE cre_i IS NOT NULL AND deleted = 0;
        """;

    private static string Register(string table, string key, string keyParameter, string column, string assignments) => $"""
        UPDATE {table} SET {assignments}, {column}_w = @wall_ms, {column}_c = @counter, {column}_i = @event_id
          WHERE {key} = {keyParameter} AND ({column}_i IS NULL OR {NewStamp} > ({column}_w, {column}_c, {column}_i));
        """;

    private const string PairKey = "min(@{0}, @{1}), max(@{0}, @{1})";

    private static string Answer(string a, string b) => $"""
        INSERT INTO pairs(a, b, ans_w, ans_c, ans_i) VALUES({string.Format(PairKey, a, b)}, @wall_ms, @counter, @event_id)
          ON CONFLICT(a, b) DO UPDATE SET ans_w = excluded.ans_w, ans_c = excluded.ans_c, ans_i = excluded.ans_i
          WHERE (excluded.ans_w, excluded.ans_c, excluded.ans_i) > (ans_w, ans_c, ans_i);
        """;

    public static IReadOnlyList<SqlHandler> Handlers { get; } =
    [
        SqlHandler.On<UserRegistered>($"""
            INSERT OR IGNORE INTO users(user_id) VALUES(@User);
            {Register("users", "user_id", "@User", "name", "name = @DisplayName")}
            INSERT OR IGNORE INTO user_order(user_id) SELECT user_id FROM users WHERE user_id = @User AND email IS NULL;
            UPDATE users SET email = @email_key, reg_w = @wall_ms, reg_c = @counter, reg_i = @event_id
              WHERE user_id = @User AND (email IS NULL OR {NewStamp} < (reg_w, reg_c, reg_i));
            """),
        SqlHandler.On<ProfileUpdated>($"""
            INSERT OR IGNORE INTO users(user_id) VALUES(@User);
            {Register("users", "user_id", "@User AND @DisplayName IS NOT NULL", "name", "name = @DisplayName")}
            {Register("users", "user_id", "@User AND @Bio IS NOT NULL", "bio", "bio = @Bio")}
            """),
        SqlHandler.On<LocationUpdated>($"""
            INSERT OR IGNORE INTO users(user_id) VALUES(@User);
            {Register("users", "user_id", "@User", "loc", "lat = @Location_lat, lon = @Location_lon")}
            """),
        SqlHandler.On<FriendRequested>("""
            INSERT INTO requests(from_id, to_id, w, c, i) VALUES(@From, @To, @wall_ms, @counter, @event_id)
              ON CONFLICT(from_id, to_id) DO UPDATE SET w = excluded.w, c = excluded.c, i = excluded.i
              WHERE (excluded.w, excluded.c, excluded.i) > (w, c, i);
            INSERT OR IGNORE INTO request_order(from_id, to_id) VALUES(@From, @To);
            """),
        SqlHandler.On<FriendAccepted>($"""
            {Answer("Requester", "Accepter")}
            INSERT OR IGNORE INTO accepted_order(a, b) VALUES({string.Format(PairKey, "Requester", "Accepter")});
            INSERT OR IGNORE INTO accepts(a, b, accept) VALUES({string.Format(PairKey, "Requester", "Accepter")}, @event_id);
            INSERT OR IGNORE INTO accept_overrides(a, b, accept, unfriend)
              SELECT {string.Format(PairKey, "Requester", "Accepter")}, @event_id, value FROM json_each(@Overrides);
            """),
        SqlHandler.On<Unfriended>($"""
            {Answer("User", "Friend")}
            INSERT OR IGNORE INTO unfriends(a, b, unfriend) VALUES({string.Format(PairKey, "User", "Friend")}, @event_id);
            """),
        SqlHandler.On<PostCreated>($"""
            INSERT OR IGNORE INTO posts(post_id) VALUES(@Post);
            INSERT OR IGNORE INTO post_order(post_id) SELECT post_id FROM posts WHERE post_id = @Post AND cre_i IS NULL;
            UPDATE posts SET cre_w = @wall_ms, cre_c = @counter, cre_i = @event_id, author = @Author, lat = @Location_lat, lon = @Location_lon
              WHERE post_id = @Post AND (cre_i IS NULL OR {NewStamp} < (cre_w, cre_c, cre_i));
            {Register("posts", "post_id", "@Post", "text", "text = @Text")}
            """),
        SqlHandler.On<PostEdited>($"""
            INSERT OR IGNORE INTO posts(post_id) VALUES(@Post);
            {Register("posts", "post_id", "@Post", "text", "text = @Text")}
            """),
        SqlHandler.On<PostShared>("""
            INSERT OR IGNORE INTO posts(post_id) VALUES(@Post);
            INSERT OR IGNORE INTO shares(post_id, user_id) VALUES(@Post, @With);
            """),
        SqlHandler.On<PostDeleted>("""
            INSERT INTO posts(post_id, deleted) VALUES(@Post, 1) ON CONFLICT(post_id) DO UPDATE SET deleted = 1;
            """),
        SqlHandler.On<CommentAdded>($"""
            INSERT OR IGNORE INTO comments(comment_id) VALUES(@Comment);
            INSERT OR IGNORE INTO comment_order(comment_id) SELECT comment_id FROM comments WHERE comment_id = @Comment AND add_i IS NULL;
            UPDATE comments SET add_w = @wall_ms, add_c = @counter, add_i = @event_id, post_id = @Post, author = @Author, text = @Text
              WHERE comment_id = @Comment AND (add_i IS NULL OR {NewStamp} < (add_w, add_c, add_i));
            """),
        SqlHandler.On<CommentDeleted>("""
            INSERT INTO comments(comment_id, deleted) VALUES(@Comment, 1) ON CONFLICT(comment_id) DO UPDATE SET deleted = 1;
            """),
        SqlHandler.On<PostLiked>("""
            INSERT OR IGNORE INTO posts(post_id) VALUES(@Post);
            INSERT OR IGNORE INTO likes(post_id, user_id) VALUES(@Post, @User);
            INSERT OR IGNORE INTO liked_order(post_id, user_id) VALUES(@Post, @User);
            INSERT OR IGNORE INTO like_tags(post_id, user_id, tag) VALUES(@Post, @User, @event_id);
            """),
        SqlHandler.On<PostUnliked>("""
            INSERT OR IGNORE INTO posts(post_id) VALUES(@Post);
            INSERT OR IGNORE INTO likes(post_id, user_id) VALUES(@Post, @User);
            INSERT OR IGNORE INTO like_cancels(post_id, user_id, tag) SELECT @Post, @User, value FROM json_each(@Likes);
            """),
    ];

    /// <summary>The visible state, row by row, through <see cref="SocialViewPaths"/>; user ids are shown as their surviving account.</summary>
    public static IReadOnlyList<SqlDumpQuery> View { get; } =
    [
        new("""
            SELECT s.email, s.survivor,
              (SELECT name FROM users m WHERE m.email = s.email AND m.name_i IS NOT NULL ORDER BY name_w DESC, name_c DESC, name_i DESC LIMIT 1),
              (SELECT bio FROM users m WHERE m.email = s.email AND m.bio_i IS NOT NULL ORDER BY bio_w DESC, bio_c DESC, bio_i DESC LIMIT 1),
              (SELECT lat FROM users m WHERE m.email = s.email AND m.loc_i IS NOT NULL ORDER BY loc_w DESC, loc_c DESC, loc_i DESC LIMIT 1),
              (SELECT lon FROM users m WHERE m.email = s.email AND m.loc_i IS NOT NULL ORDER BY loc_w DESC, loc_c DESC, loc_i DESC LIMIT 1),
              (SELECT json_group_array(user_id) FROM users m WHERE m.email = s.email AND m.user_id <> s.survivor)
            FROM survivors s
            """, (row, _, view) => SocialViewPaths.WriteUser(view, new UserId(row.GetString(1)), row.GetString(0), row.GetString(2),
                SqlValues.TextOrNull(row, 3), Point(row, 4), SqlValues.TextArray(row, 6).Select(u => new UserId(u)))),
        new("""
            WITH mapped AS (
              SELECT COALESCE(ca.survivor, f.a) AS a, COALESCE(cb.survivor, f.b) AS b
              FROM friend_pairs f LEFT JOIN canonical ca ON ca.user_id = f.a LEFT JOIN canonical cb ON cb.user_id = f.b)
            SELECT DISTINCT min(a, b), max(a, b) FROM mapped WHERE a <> b
            """, (row, _, view) => SocialViewPaths.WriteFriends(view, new UserId(row.GetString(0)), new UserId(row.GetString(1)))),
        new("""
            WITH friends AS (
              SELECT DISTINCT min(a, b) AS a, max(a, b) AS b FROM (
                SELECT COALESCE(ca.survivor, f.a) AS a, COALESCE(cb.survivor, f.b) AS b
                FROM friend_pairs f LEFT JOIN canonical ca ON ca.user_id = f.a LEFT JOIN canonical cb ON cb.user_id = f.b)),
            mapped AS (
              SELECT COALESCE(cf.survivor, r.from_id) AS f, COALESCE(ct.survivor, r.to_id) AS t
              FROM pending_requests r LEFT JOIN canonical cf ON cf.user_id = r.from_id LEFT JOIN canonical ct ON ct.user_id = r.to_id)
            SELECT DISTINCT f, t FROM mapped
            WHERE f <> t AND NOT EXISTS (SELECT 1 FROM friends x WHERE x.a = min(f, t) AND x.b = max(f, t))
            """, (row, _, view) => SocialViewPaths.WriteRequest(view, new UserId(row.GetString(0)), new UserId(row.GetString(1)))),
        new("""
            SELECT p.post_id, p.author, p.text, p.lat, p.lon,
              (SELECT json_group_array(user_id) FROM shares s WHERE s.post_id = p.post_id),
              (SELECT json_group_array(DISTINCT user_id) FROM live_likes l WHERE l.post_id = p.post_id)
            FROM visible_posts p
            """, (row, context, view) => SocialViewPaths.WritePost(view, new PostId(row.GetString(0)),
                context.CanonicalUser(new UserId(row.GetString(1))), row.GetString(2), Point(row, 3),
                SqlValues.TextArray(row, 5).Select(u => context.CanonicalUser(new UserId(u))),
                SqlValues.TextArray(row, 6).Select(u => context.CanonicalUser(new UserId(u))))),
        new("""
            SELECT c.comment_id, c.post_id, c.author, c.text
            FROM comments c JOIN visible_posts p ON p.post_id = c.post_id
            WHERE c.add_i IS NOT NULL AND c.deleted = 0
            """, (row, context, view) => SocialViewPaths.WriteComment(view, new CommentId(row.GetString(0)), new PostId(row.GetString(1)),
                context.CanonicalUser(new UserId(row.GetString(2))), row.GetString(3))),
    ];

    /// <summary>The convergent social handlers in SQL; clients query the region through <see cref="SocialSqlProjection"/>.</summary>
    public static SqlModule Module { get; } = new(Schema, Handlers, View)
    {
        ExtraArguments = EmailKey,
        CreateProjection = (module, session) => new SocialSqlProjection(module, session),
    };

    /// <summary><c>@email_key</c>: the registration's email as uniqueness is judged (<see cref="SocialRules.NormalizeEmail"/>).</summary>
    public static IEnumerable<SqlArgument> EmailKey(Envelope.EventEnvelope envelope) =>
        envelope.Payload is UserRegistered e ? [new SqlArgument("email_key", SocialRules.NormalizeEmail(e.Email))] : [];

    private static GeoPoint? Point(System.Data.IDataRecord row, int i) =>
        SqlValues.RealOrNull(row, i) is { } lat && SqlValues.RealOrNull(row, i + 1) is { } lon ? new GeoPoint(lat, lon) : null;
}
