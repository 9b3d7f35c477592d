using Convergence.Simulator.Runs;

namespace Convergence.Simulator.Checks;

/// <summary>L4 progress: no handler threw on any delivery the run made.</summary>
public static class ProgressCheck
{
    public static LawVerdict Check(RunRecord run) => run.Failure is null
        ? new LawVerdict("L4", "progress", true, "no handler threw")
        : new LawVerdict("L4", "progress", false, run.Failure);
}
