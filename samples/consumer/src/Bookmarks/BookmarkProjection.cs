using Convergence.Domain.Envelope;
using Convergence.Domain.Events;
using Convergence.Domain.Identity;
using Convergence.Domain.Modules;
using Convergence.Domain.Views;

namespace Bookmarks;

/// <summary>
/// Per (user, post), the bookmark event with the greatest stamp seen so far. Users are resolved to their surviving
/// account only when the view is read, because account merges may arrive after the bookmarks.
/// </summary>
public sealed class BookmarkProjection : ModuleProjection
{
    private Dictionary<(UserId User, PostId Post), EventEnvelope> _latest = [];

    public override void Apply(EventEnvelope envelope)
    {
        var key = envelope.Payload switch
        {
            PostBookmarked e => (e.User, e.Post),
            BookmarkRemoved e => (e.User, e.Post),
            _ => throw new ArgumentException($"not a bookmark event: {envelope.Payload}"),
        };
        if (!_latest.TryGetValue(key, out var current) || envelope.Stamp > current.Stamp) _latest[key] = envelope;
    }

    public override void Describe(ViewContext context, ViewBuilder view) =>
        Write(view, _latest.Values
            .GroupBy(e => KeyOf(e.Payload, context))
            .Where(g => g.MaxBy(e => e.Stamp)!.Payload is PostBookmarked)
            .Select(g => g.Key));

    /// <summary>Per raw (user, post), the deciding event: what the next bookmark event's outcome depends on.</summary>
    public override void DescribeState(ViewBuilder state)
    {
        foreach (var ((user, post), latest) in _latest)
            state.Add([user.Value, post.Value], ViewValue.ListOf(latest.Id.Value, latest.Payload is PostBookmarked));
    }

    public override ModuleProjection Clone() => new BookmarkProjection { _latest = new(_latest) };

    internal static (UserId User, PostId Post) KeyOf(DomainEvent payload, ViewContext context) => payload switch
    {
        PostBookmarked e => (context.CanonicalUser(e.User), e.Post),
        BookmarkRemoved e => (context.CanonicalUser(e.User), e.Post),
        _ => throw new ArgumentException($"not a bookmark event: {payload}"),
    };

    internal static void Write(ViewBuilder view, IEnumerable<(UserId User, PostId Post)> bookmarked)
    {
        foreach (var (user, post) in bookmarked) view.Add([user.Value, post.Value], ViewValue.True);
    }
}
