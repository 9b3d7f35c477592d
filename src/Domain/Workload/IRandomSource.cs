namespace Convergence.Domain.Workload;

/// <summary>
/// The one place nondeterministic choices come from, so a run can be replayed from its seed.
/// </summary>
public interface IRandomSource
{
    /// <summary>A uniform integer in [0, <paramref name="maxExclusive"/>).</summary>
    int Next(int maxExclusive);

    /// <summary>A uniform double in [0, 1).</summary>
    double NextDouble();
}
