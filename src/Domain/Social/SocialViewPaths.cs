using Convergence.Domain.Events;
using Convergence.Domain.Identity;
using Convergence.Domain.Views;

namespace Convergence.Domain.Social;

/// <summary>
/// The one place that fixes how the social read model is written as view entries, so the
/// projection and the spec can only differ in what they compute, never in how they print it.
/// </summary>
public static class SocialViewPaths
{
    public static void WriteUser(ViewBuilder view, UserId user, string email, string name, string? bio,
        GeoPoint? location, IEnumerable<UserId> merged)
    {
        var path = $"users/{user}";
        view.Add(path + "/email", email);
        view.Add(path + "/name", name);
        if (bio is not null) view.Add(path + "/bio", bio);
        if (location is { } at) view.Add(path + "/location", at.ToString());
        var absorbed = SortedList(merged);
        if (absorbed.Length > 0) view.Add(path + "/merged", absorbed);
    }

    public static void WriteFriends(ViewBuilder view, UserId a, UserId b) => view.Add($"friends/{a}~{b}", "friends");

    public static void WriteRequest(ViewBuilder view, UserId from, UserId to) => view.Add($"requests/{from}->{to}", "pending");

    public static void WritePost(ViewBuilder view, PostId post, UserId author, string text, GeoPoint? location,
        IEnumerable<UserId>? sharedWith, IEnumerable<UserId>? likers)
    {
        var path = $"posts/{post}";
        view.Add(path + "/author", author.Value);
        view.Add(path + "/text", text);
        if (location is { } at) view.Add(path + "/location", at.ToString());
        var shared = SortedList(sharedWith ?? []);
        if (shared.Length > 0) view.Add(path + "/shared", shared);
        var liked = SortedList(likers ?? []);
        if (liked.Length > 0) view.Add(path + "/likes", liked);
    }

    public static void WriteComment(ViewBuilder view, CommentId comment, PostId post, UserId author, string text) =>
        view.Add($"comments/{comment}", $"on {post} by {author}: {text}");

    private static string SortedList(IEnumerable<UserId> users) =>
        string.Join(",", users.Select(u => u.Value).Distinct().Order(StringComparer.Ordinal));
}
