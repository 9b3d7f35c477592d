using Convergence.Domain.Identity;

namespace Convergence.Domain.Views;

/// <summary>What modules may ask of each other while describing a view: which account a user id belongs to.</summary>
public sealed class ViewContext(Func<UserId, UserId> canonicalUser)
{
    public static ViewContext Identity { get; } = new(user => user);

    /// <summary>The surviving account of <paramref name="user"/> (itself unless it was merged into another).</summary>
    public UserId CanonicalUser(UserId user) => canonicalUser(user);
}
