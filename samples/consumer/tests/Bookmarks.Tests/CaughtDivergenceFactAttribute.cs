namespace Bookmarks.Tests;

/// <summary>A fact that is skipped unless CONVERGENCE_SHOW_CAUGHT_DIVERGENCE=1: for tests that demonstrate a failure.</summary>
public sealed class CaughtDivergenceFactAttribute : FactAttribute
{
    public const string EnvironmentVariable = "CONVERGENCE_SHOW_CAUGHT_DIVERGENCE";

    public CaughtDivergenceFactAttribute()
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) != "1")
            Skip = $"demonstrates a caught divergence (fails on purpose); set {EnvironmentVariable}=1 to run it";
    }
}
