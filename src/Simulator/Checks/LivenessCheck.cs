using Convergence.Simulator.Runs;

namespace Convergence.Simulator.Checks;

/// <summary>L6 liveness: after the last heal the cluster reached quiescence within the liveness bound and, if declared, within the converge bound.</summary>
public static class LivenessCheck
{
    public static LawVerdict Check(RunRecord run, long? convergeAfterLastHealUs)
    {
        if (!run.Quiescence.Reached)
            return new LawVerdict("L6", "liveness", false,
                $"not quiescent {Seconds(run.Scenario.LivenessBound.Ticks / 10)} after the last heal: {run.Quiescence.Pending}");
        if (convergeAfterLastHealUs is not { } took)
            return new LawVerdict("L6", "liveness", false, "some event was never applied in some region");
        if (run.Scenario.ConvergeBound is { } bound && took > bound.Ticks / 10)
            return new LawVerdict("L6", "liveness", false,
                $"converged {Seconds(took)} after the last heal, over the declared bound of {Seconds(bound.Ticks / 10)}");
        return new LawVerdict("L6", "liveness", true,
            $"converged {Seconds(took)} after the last heal" + (run.Scenario.ConvergeBound is { } b ? $" (bound {Seconds(b.Ticks / 10)})" : ""));
    }

    private static string Seconds(long us) => $"{us / 1e6:0.000} s";
}
