using Convergence.Domain.Views;

namespace Convergence.Domain.Modules;

/// <summary>
/// An invariant that may be broken for a while and must then be restored — for example "one
/// account per email across regions", broken from the moment two regions accept the same email
/// until every region has seen both registrations and merged them. Runs report how long each
/// violation lasted; with a <see cref="Bound"/>, a violation still open longer than that after
/// the last heal fails the run.
/// </summary>
/// <param name="Name">A short name, used by <c>--bound NAME=5s</c>.</param>
/// <param name="Description">What the invariant promises, for reports.</param>
/// <param name="Violations">Given every region's view at one instant, the keys (an email, say) of what is violated now.</param>
/// <param name="Bound">How long after the last heal a violation may still be open; null to only measure.</param>
public sealed record EventualInvariant(
    string Name,
    string Description,
    Func<IReadOnlyList<ReadModelView>, IEnumerable<string>> Violations,
    TimeSpan? Bound = null)
{
    /// <summary>The per-key form measurements use when given (cost proportional to change); null: views at every changed sample.</summary>
    public InvariantKeys? Keys { get; init; }

    public override string ToString() => Bound is { } bound ? $"{Name} (resolved within {bound.TotalSeconds:0.###} s after heal)" : Name;
}
