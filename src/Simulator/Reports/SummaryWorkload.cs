namespace Convergence.Simulator.Reports;

/// <summary>
/// What a wall-clock run's workload achieved against its request (summary.json, under <c>run</c>): the fault phase's
/// planned and actual length and, per region, the rate asked for, the actions the schedule drew, how many were stored
/// or skipped, the rate achieved, and whether it fell under the warning threshold.
/// </summary>
public sealed record SummaryWorkload(double PlannedPhaseS, double ActualPhaseS, double RunS, IReadOnlyList<SummaryRegionRate> Regions, IReadOnlyList<string> Warnings);

/// <summary>One region's requested and achieved client rate.</summary>
public sealed record SummaryRegionRate(
    string Region, double RequestedPerS, long Due, long NoProposal, long Stored, long Skipped, double AchievedPerS, double HeldShare, long LateOver1s, long MaxLateMs);
