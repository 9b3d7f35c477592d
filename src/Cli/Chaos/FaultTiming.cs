using System.Globalization;
using System.Text;
using Convergence.Simulator.Faults;
using Convergence.Simulator.Reports;
using Convergence.Simulator.Runs;
using Convergence.Simulator.Scenarios;

namespace Convergence.Cli.Chaos;

/// <summary>
/// Planned against actual time of every fault, heal and the end of the fault phase of a live run. On real replicas a
/// fault is applied when the proxy or process answers, not at the planned instant; a drift over
/// <see cref="DriftLimit"/> is flagged, because the run then tested another schedule than the one its seed names.
/// </summary>
public sealed class FaultTiming
{
    /// <summary>Drift beyond which a step is flagged.</summary>
    public static readonly TimeSpan DriftLimit = TimeSpan.FromSeconds(1);

    private FaultTiming(IReadOnlyList<Step> steps) => Steps = steps;

    /// <summary>Every step in time order.</summary>
    public IReadOnlyList<Step> Steps { get; }

    /// <summary>The steps whose actual time is more than <see cref="DriftLimit"/> from the plan.</summary>
    public IReadOnlyList<Step> Drifted => Steps.Where(s => s.IsDrifted).ToArray();

    /// <summary>The steps of <paramref name="record"/>: each recorded fault's apply and heal, then the end of the fault phase.</summary>
    public static FaultTiming Of(RunRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var planned = record.Scenario.Faults.ToDictionary(f => f.Id);
        var safetyUs = Us(record.Scenario.SafetyPhase);
        var steps = new List<Step>();
        foreach (var fault in record.Faults)
        {
            if (!planned.TryGetValue(fault.Id, out var plan)) continue;
            steps.Add(new Step($"#{fault.Id} {fault.Fault}", "apply", Us(plan.At), fault.StartUs));
            // A fault planned past the end of the fault phase is healed by the heal of everything at its end.
            var plannedHeal = Math.Min(Us(plan.HealAt), safetyUs);
            steps.Add(new Step($"#{fault.Id} {fault.Fault}", "heal", plannedHeal, fault.EndUs));
        }

        if (record.SafetyEndUs >= 0) steps.Add(new Step("end of the fault phase", "heal all", safetyUs, record.SafetyEndUs));
        return new FaultTiming(steps.OrderBy(s => s.PlannedUs).ThenBy(s => s.ActualUs ?? long.MaxValue).ToArray());
    }

    /// <summary>
    /// The scenario as it actually ran: every fault moved to its actual start and actual duration, so the simulator
    /// can replay the same windows beside the live run (null when nothing was recorded, e.g. an interrupted run).
    /// </summary>
    public static Scenario? Retimed(RunRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var scenario = record.Scenario;
        if (scenario.Faults.Count == 0 || record.Interrupted) return scenario;
        var actual = record.Faults.GroupBy(f => f.Id).ToDictionary(g => g.Key, g => g.First());
        var faults = new List<ScheduledFault>();
        foreach (var plan in scenario.Faults)
        {
            if (!actual.TryGetValue(plan.Id, out var ran) || ran.EndUs is not { } end) return null;
            var duration = TimeSpan.FromTicks(Math.Max(1, end - ran.StartUs) * TimeSpan.TicksPerMicrosecond);
            faults.Add(plan with { At = TimeSpan.FromTicks(ran.StartUs * TimeSpan.TicksPerMicrosecond), Duration = duration });
        }

        // The simulator's fault phase ends when the live one did, so a late heal-all is replayed late too.
        var safety = record.SafetyEndUs > 0 ? TimeSpan.FromTicks(record.SafetyEndUs * TimeSpan.TicksPerMicrosecond) : scenario.SafetyPhase;
        return Scenario.Create(scenario.Name, scenario.Seed, scenario.Regions, scenario.Topology, scenario.Workload, faults,
            safety, scenario.LivenessBound, scenario.ConvergeBound, scenario.Latency, scenario.DigestSampleInterval) with
        {
            InvariantBounds = scenario.InvariantBounds,
        };
    }

    /// <summary>The report.md section: one row per step, drifts over the limit in bold with a note.</summary>
    public ReportSection ToSection()
    {
        var md = new StringBuilder();
        md.Append(CultureInfo.InvariantCulture,
            $"Client actions and the fault timeline run as independent loops, so appends cannot delay faults; a step more than {DriftLimit.TotalSeconds:0} s from its plan is flagged.\n\n");
        md.Append("| step | fault | planned | actual | drift |\n| --- | --- | ---: | ---: | ---: |\n");
        foreach (var step in Steps)
        {
            var drift = step.Drift is { } d ? $"{d.TotalMilliseconds:+0;-0;0} ms" : "–";
            md.Append(CultureInfo.InvariantCulture,
                $"| {step.Kind} | {step.What} | {step.PlannedUs / 1e6:0.000} s | {(step.ActualUs is { } a ? $"{a / 1e6:0.000} s" : "not reached")} | {(step.IsDrifted ? $"**{drift}**" : drift)} |\n");
        }

        var drifted = Drifted;
        md.Append('\n').Append(drifted.Count == 0
            ? $"Every step ran within {DriftLimit.TotalSeconds:0} s of its plan.\n"
            : $"**{drifted.Count} step(s) drifted more than {DriftLimit.TotalSeconds:0} s**: the comparison with the simulator replays the actual times.\n");
        return new ReportSection("Fault schedule: planned and actual", md.ToString());
    }

    private static long Us(TimeSpan t) => t.Ticks / TimeSpan.TicksPerMicrosecond;

    /// <summary>One apply or heal: planned and actual microseconds since the run started.</summary>
    public sealed record Step(string What, string Kind, long PlannedUs, long? ActualUs)
    {
        /// <summary>Actual minus planned; null when the step never happened.</summary>
        public TimeSpan? Drift => ActualUs is { } actual ? TimeSpan.FromTicks((actual - PlannedUs) * TimeSpan.TicksPerMicrosecond) : null;

        public bool IsDrifted => Drift is { } d && d.Duration() > DriftLimit;

        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"{Kind} {What}: planned {PlannedUs / 1e6:0.000} s, actual {(ActualUs is { } a ? $"{a / 1e6:0.000} s" : "not reached")}");
    }
}
