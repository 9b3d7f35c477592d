using Convergence.Simulator.Metrics;
using Convergence.Simulator.Runs;

namespace Convergence.Simulator.Checks;

/// <summary>Runs every law's check on a finished run and derives its status; kept apart from the engines it judges.</summary>
public static class RunChecker
{
    public static CheckReport Check(RunRecord run, RunMetrics metrics)
    {
        var progress = ProgressCheck.Check(run);
        var losses = run.Quiescence.Reached ? NoLossCheck.Classify(run) : [];
        var laws = new List<LawVerdict> { progress };
        RunStatus status;
        if (run.ClusterFailure is { } breakdown)
        {
            laws.Add(new LawVerdict("--", "cluster", false, "the cluster failed, so no law was judged: " + breakdown));
            status = RunStatus.ClusterFailure;
        }
        else if (run.Interrupted)
        {
            // A run stopped by the user ends before quiescence: laws about the end state cannot be judged.
            status = RunStatus.Interrupted;
        }
        else if (EventIdentityCheck.Check(run) is { Passed: false } broken)
        {
            // Two bodies under one id (or an edited event document) make every other verdict meaningless, whenever seen.
            laws.Add(broken);
            status = RunStatus.IdentityViolation;
        }
        else if (!progress.Passed)
        {
            status = RunStatus.ProgressViolation;
        }
        else if (!run.Quiescence.Reached)
        {
            // Without quiescence the regions are still expected to differ: only liveness is judged.
            laws.Add(LivenessCheck.Check(run, metrics.ConvergedAfterLastHealUs));
            status = RunStatus.LivenessViolation;
        }
        else
        {
            laws.Add(EventIdentityCheck.Check(run));
            laws.Add(OrderIndependenceCheck.Check(run));
            laws.Add(SpecAgreementCheck.Check(run));
            laws.Add(RebuildCheck.Check(run));
            laws.Add(NoLossCheck.Check(run, losses));
            var liveness = LivenessCheck.Check(run, metrics.ConvergedAfterLastHealUs);
            laws.Add(liveness);
            // Invariants that may hold only eventually: a violation open past its bound after the last heal is a liveness failure.
            var eventual = EventualInvariantCheck.Measure(run, run.Scenario.InvariantBounds).Select(r => r.ToVerdict()).ToArray();
            laws.AddRange(eventual);
            status = laws.Any(l => !l.Passed && l.Law is "L1" or "L3" or "L5" or RebuildCheck.Law) ? RunStatus.SafetyViolation
                : !liveness.Passed || eventual.Any(e => !e.Passed) ? RunStatus.LivenessViolation
                : RunStatus.Converged;
        }
        return new CheckReport(status, laws, losses);
    }
}
