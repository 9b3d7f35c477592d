using System.Globalization;
using System.Text;
using Convergence.Simulator.Reports;
using Convergence.Simulator.Runs;

namespace Convergence.Cli.Chaos;

/// <summary>
/// Requested against achieved client rate per region of a live run, from the open-loop workload's
/// <c>workload.&lt;region&gt;.*</c> counters. A region that stored under <see cref="WarningShare"/> of the actions its
/// schedule drew is flagged: the run then tested a lighter load than it names. The share is taken against the drawn
/// schedule, not the nominal rate, so the Poisson draw's own spread (±7 % over a minute at 3/s) raises no warning.
/// </summary>
public sealed class WorkloadRates
{
    /// <summary>Below this share of its schedule a region is flagged.</summary>
    public const double WarningShare = 0.95;

    private WorkloadRates(SummaryWorkload summary) => Summary = summary;

    /// <summary>The figures as summary.json carries them.</summary>
    public SummaryWorkload Summary { get; }

    public static WorkloadRates Of(RunRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var scenario = record.Scenario;
        var planned = scenario.SafetyPhase.TotalSeconds;
        var actual = record.SafetyEndUs >= 0 ? record.SafetyEndUs / 1e6 : record.EndUs / 1e6;
        var rows = new List<SummaryRegionRate>();
        var warnings = new List<string>();
        for (var r = 0; r < scenario.Regions.Count; r++)
        {
            var region = scenario.Regions[r].Value;
            long Counter(string what) => record.Counters.TryGetValue($"workload.{region}.{what}", out var v) ? v : 0;
            var due = Counter("due");
            var noProposal = Counter("no-proposal");
            var stored = Counter("stored");
            var wanted = due - noProposal;
            var share = wanted <= 0 ? 1 : (double)stored / wanted;
            var row = new SummaryRegionRate(region, scenario.Workload.RatePerRegion, due, noProposal, stored, Counter("skipped-in-flight-full"),
                planned > 0 ? Math.Round(stored / planned, 2) : 0, Math.Round(share, 4), Counter("late-over-1s"), Counter("max-late-ms"));
            rows.Add(row);
            if (share < WarningShare)
            {
                warnings.Add(string.Create(CultureInfo.InvariantCulture,
                    $"region {region} stored {stored} of the {wanted} client actions its schedule drew ({share:P0}, {row.AchievedPerS:0.##}/s of the {row.RequestedPerS:0.##}/s requested): the run was lighter than it names"));
            }
        }

        if (actual - planned > FaultTiming.DriftLimit.TotalSeconds)
            warnings.Add(string.Create(CultureInfo.InvariantCulture, $"the {planned:0.#} s fault phase took {actual:0.0} s"));
        return new WorkloadRates(new SummaryWorkload(planned, Math.Round(actual, 3), Math.Round(record.EndUs / 1e6, 3), rows, warnings));
    }

    /// <summary>The report.md section: a row per region, then the warnings (or that the schedule was held).</summary>
    public ReportSection ToSection()
    {
        var md = new StringBuilder();
        md.Append(CultureInfo.InvariantCulture,
            $"Clients act on a seeded schedule per region, each append sent without waiting for the previous ones (a bounded number in flight; an action due beyond it is skipped and counted). " +
            $"Fault phase planned {Summary.PlannedPhaseS:0.###} s, actual {Summary.ActualPhaseS:0.###} s; the whole run took {Summary.RunS:0.###} s.\n\n");
        md.Append("| region | requested | scheduled | no proposal | stored | skipped | achieved | of schedule | late > 1 s | max late |\n");
        md.Append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        foreach (var r in Summary.Regions)
        {
            md.Append(CultureInfo.InvariantCulture,
                $"| {r.Region} | {r.RequestedPerS:0.##}/s | {r.Due} | {r.NoProposal} | {r.Stored} | {r.Skipped} | {r.AchievedPerS:0.##}/s | {r.HeldShare:P1} | {r.LateOver1s} | {r.MaxLateMs} ms |\n");
        }

        md.Append('\n');
        if (Summary.Warnings.Count == 0)
            md.Append(CultureInfo.InvariantCulture, $"Every region stored at least {WarningShare:P0} of its schedule.\n");
        foreach (var warning in Summary.Warnings) md.Append("**Warning: ").Append(warning).Append(".**\n");
        return new ReportSection("Workload: requested and achieved rate", md.ToString());
    }
}
