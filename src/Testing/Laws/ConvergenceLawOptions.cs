using Convergence.Domain.Modules;
using Convergence.Simulator.Certification;
using Convergence.Simulator.Scenarios;

namespace Convergence.Testing.Laws;

/// <summary>
/// What <see cref="ConvergenceLaws"/> certifies and how hard: the same choices as <c>convergence check</c>'s options
/// (<c>--histories</c>, <c>--seed</c>, <c>--scenario</c>, <c>--bound</c>), and the domain a module is added to.
/// </summary>
public sealed record ConvergenceLawOptions
{
    /// <summary>Histories, seed and cases per cell of the handler certification (<c>--histories</c>, <c>--seed</c>).</summary>
    public CertificationOptions Certification { get; init; } = new();

    /// <summary>
    /// The domain a module under test joins, as <c>convergence check --module</c> adds it to the social network:
    /// the new event types are certified against every existing one.
    /// </summary>
    public DomainCatalog Base { get; init; } = DomainCatalog.SocialNetwork();

    /// <summary>The simulated scenario in which eventual invariants are timed (<c>--scenario</c>).</summary>
    public string InvariantScenario { get; init; } = "partition";

    /// <summary>How long after the last heal each eventual invariant may stay violated, by name (<c>--bound NAME=5s</c>).</summary>
    public IReadOnlyDictionary<string, TimeSpan> InvariantBounds { get; init; } = new Dictionary<string, TimeSpan>();

    public static ConvergenceLawOptions Default { get; } = new();

    public ConvergenceLawOptions Validate()
    {
        Certification.Validate();
        if (!ScenarioCatalog.Names.Contains(InvariantScenario))
            throw new ArgumentException($"InvariantScenario must be one of {string.Join(", ", ScenarioCatalog.Names)}, got '{InvariantScenario}'");
        return this;
    }
}
