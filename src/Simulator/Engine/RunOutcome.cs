using Convergence.Simulator.Checks;
using Convergence.Simulator.Metrics;
using Convergence.Simulator.Reports;
using Convergence.Simulator.Runs;

namespace Convergence.Simulator.Engine;

/// <summary>A finished run with its measurements, its verdict and its summary, all derived from the record.</summary>
public sealed record RunOutcome(RunRecord Record, RunMetrics Metrics, CheckReport Checks, RunSummary Summary)
{
    public RunStatus Status => Checks.Status;

    /// <summary>Measures, checks and summarises a run record (any engine's).</summary>
    public static RunOutcome From(RunRecord record)
    {
        var metrics = RunMetrics.From(record);
        var checks = RunChecker.Check(record, metrics);
        return new RunOutcome(record, metrics, checks, RunSummary.From(record, checks, metrics));
    }
}
