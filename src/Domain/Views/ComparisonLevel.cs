namespace Convergence.Domain.Views;

/// <summary>
/// What two regions are compared on. Both levels are laws: regions that show the same thing but
/// hold different state will diverge on the next write, so equal views alone never make a verdict.
/// </summary>
public enum ComparisonLevel
{
    /// <summary>What users see: <see cref="Modules.ModuleProjection.Describe"/>.</summary>
    View,

    /// <summary>What decides future behaviour: the module's whole state and its clients' query answers.</summary>
    State,
}
