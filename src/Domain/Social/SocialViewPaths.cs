using Convergence.Domain.Events;
using Convergence.Domain.Identity;
using Convergence.Domain.Views;

namespace Convergence.Domain.Social;

/// <summary>
/// The one place that fixes how the social read model is written as view entries, so the
/// projection and the spec can only differ in what they compute, never in how they print it.
/// Ids are path segments of their own and lists are typed sets, so no id or text can be mistaken
/// for a separator.
/// </summary>
public static class SocialViewPaths
{
    public static void WriteUser(ViewBuilder view, UserId user, string email, string name, string? bio,
        GeoPoint? location, IEnumerable<UserId> merged)
    {
        view.Add(["users", user.Value, "email"], email);
        view.Add(["users", user.Value, "name"], name);
        if (bio is not null) view.Add(["users", user.Value, "bio"], bio);
        if (location is { } at) view.Add(["users", user.Value, "location"], Point(at));
        var absorbed = Users(merged);
        if (absorbed.Items.Count > 0) view.Add(["users", user.Value, "merged"], absorbed);
    }

    public static void WriteFriends(ViewBuilder view, UserId a, UserId b) => view.Add(["friends", a.Value, b.Value], ViewValue.True);

    public static void WriteRequest(ViewBuilder view, UserId from, UserId to) => view.Add(["requests", from.Value, to.Value], "pending");

    public static void WritePost(ViewBuilder view, PostId post, UserId author, string text, GeoPoint? location,
        IEnumerable<UserId>? sharedWith, IEnumerable<UserId>? likers)
    {
        view.Add(["posts", post.Value, "author"], author.Value);
        view.Add(["posts", post.Value, "text"], text);
        if (location is { } at) view.Add(["posts", post.Value, "location"], Point(at));
        var shared = Users(sharedWith ?? []);
        if (shared.Items.Count > 0) view.Add(["posts", post.Value, "shared"], shared);
        var liked = Users(likers ?? []);
        if (liked.Items.Count > 0) view.Add(["posts", post.Value, "likes"], liked);
    }

    public static void WriteComment(ViewBuilder view, CommentId comment, PostId post, UserId author, string text)
    {
        view.Add(["comments", comment.Value, "post"], post.Value);
        view.Add(["comments", comment.Value, "author"], author.Value);
        view.Add(["comments", comment.Value, "text"], text);
    }

    /// <summary>The accounts shown for each email: (email, account) for every <c>users/ID/email</c> entry of a view.</summary>
    public static IEnumerable<(string Email, string Account)> EmailAccounts(ReadModelView view) =>
        view.Entries
            .Where(e => e.Path.Length == 4 && e.Path[0].Equals(ModuleName) && e.Path[1].Equals(UsersSegment) && e.Path[3].Equals(EmailSegment))
            .Select(e => (e.Value.AsText, e.Path[2].AsText));

    public static ViewValue Point(GeoPoint at) => ViewValue.ListOf(ViewValue.Real(at.Latitude), ViewValue.Real(at.Longitude));

    private static readonly ViewValue ModuleName = "social";
    private static readonly ViewValue UsersSegment = "users";
    private static readonly ViewValue EmailSegment = "email";

    private static ViewValue Users(IEnumerable<UserId> users) => ViewValue.SetOf(users.Select(u => u.Value));
}
