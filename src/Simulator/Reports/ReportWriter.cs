using System.Globalization;
using System.Text;
using Convergence.Simulator.Checks;
using Convergence.Simulator.Metrics;
using Convergence.Simulator.Runs;
using Convergence.Simulator.Traces;

namespace Convergence.Simulator.Reports;

/// <summary>
/// Writes a run's folder: <c>summary.json</c>, <c>lag.csv</c>, <c>lag.png</c>, <c>lag-quantiles.png</c>
/// and <c>report.md</c>. Works from the engine-neutral record, so both engines share it.
/// </summary>
public static class ReportWriter
{
    /// <summary>The folder name of a run: <c>yyyyMMdd-HHmmss-scenario</c> (UTC).</summary>
    public static string FolderName(DateTimeOffset startedAt, string scenario) =>
        $"{startedAt.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}-{scenario}";

    /// <summary>The file that marks a report folder as taken by a run in progress (removed once the report is written).</summary>
    public const string ReservationFileName = ".reserved";

    /// <summary>
    /// Creates the run's folder under <paramref name="root"/> at the start of the run and returns its path:
    /// <c>root/yyyyMMdd-HHmmss-scenario</c>, or <c>…-2</c>, <c>…-3</c> when that name is taken. Taking a name is atomic
    /// across processes: a run owns a folder only if it created the folder's reservation file (create-new fails for
    /// every other run) and found nothing else in it, so two runs started in the same second get two folders, and an
    /// earlier run's report is never written over. Throws <see cref="IOException"/> or
    /// <see cref="UnauthorizedAccessException"/> when <paramref name="root"/> cannot hold a folder.
    /// </summary>
    public static string ReserveFolder(string root, DateTimeOffset startedAt, string scenario)
    {
        var path = Path.Combine(root, FolderName(startedAt, scenario));
        for (var n = 1; ; n++)
        {
            var candidate = n == 1 ? path : $"{path}-{n.ToString(CultureInfo.InvariantCulture)}";
            if (File.Exists(candidate)) continue;
            Directory.CreateDirectory(candidate);
            var reservation = Path.Combine(candidate, ReservationFileName);
            try
            {
                using var marker = new FileStream(reservation, FileMode.CreateNew, FileAccess.Write);
                marker.Write(Encoding.UTF8.GetBytes(Environment.ProcessId.ToString(CultureInfo.InvariantCulture)));
            }
            catch (IOException) when (File.Exists(reservation))
            {
                continue; // Another run holds this name.
            }

            if (Directory.EnumerateFileSystemEntries(candidate).Count() == 1) return candidate;
            File.Delete(reservation); // A finished run's folder: never written over.
        }
    }

    /// <summary>Gives back a folder <see cref="ReserveFolder"/> took when the run ends without a report (it is removed if nothing else is in it).</summary>
    public static void ReleaseFolder(string directory)
    {
        var reservation = Path.Combine(directory, ReservationFileName);
        if (!File.Exists(reservation)) return;
        File.Delete(reservation);
        if (!Directory.EnumerateFileSystemEntries(directory).Any()) Directory.Delete(directory);
    }

    public static Task WriteAsync(
        string directory, RunRecord run, CheckReport checks, RunMetrics metrics, RunSummary summary, CancellationToken cancellationToken = default) =>
        WriteAsync(directory, run, checks, metrics, summary, [], cancellationToken);

    /// <summary>Writes the run's folder; <paramref name="extraSections"/> are appended to <c>report.md</c> in order.</summary>
    public static async Task WriteAsync(
        string directory, RunRecord run, CheckReport checks, RunMetrics metrics, RunSummary summary,
        IReadOnlyList<ReportSection> extraSections, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, "summary.json"), summary.ToJson() + "\n", cancellationToken).ConfigureAwait(false);
        await using (var csv = new StreamWriter(Path.Combine(directory, "lag.csv"), false, new UTF8Encoding(false)))
        {
            LagCsv.Write(run, csv);
        }
        LagPlots.WriteLagOverTime(run, Path.Combine(directory, "lag.png"));
        LagPlots.WriteQuantiles(metrics, run, Path.Combine(directory, "lag-quantiles.png"));
        await File.WriteAllTextAsync(Path.Combine(directory, "report.md"), Markdown(run, checks, metrics, summary, extraSections), cancellationToken).ConfigureAwait(false);
        // Each region's delivery order, so `convergence replay` can re-run (and shrink) what this run saw.
        await using (var trace = new FileStream(Path.Combine(directory, "trace.json"), FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        {
            RunTrace.FromRecord(run).WriteJson(trace, run.Catalog);
        }
        File.Delete(Path.Combine(directory, ReservationFileName));
    }

    private static string Markdown(RunRecord run, CheckReport checks, RunMetrics metrics, RunSummary summary, IReadOnlyList<ReportSection> extraSections)
    {
        var s = run.Scenario;
        var md = new StringBuilder();
        md.Append(CultureInfo.InvariantCulture, $"# {s.Name}: {checks.Status}\n\n");
        md.Append(CultureInfo.InvariantCulture, $"- seed: `{s.Seed}`\n- replay: `{summary.Replay}`\n- engine: {run.Engine}, domain: {run.Catalog}\n");
        md.Append(CultureInfo.InvariantCulture, $"- regions: {string.Join(", ", s.Regions)} ({s.Topology.ToString().ToLowerInvariant()}), workload {s.Workload}\n");
        md.Append(CultureInfo.InvariantCulture, $"- safety phase {s.SafetyPhase.TotalSeconds:0.###} s, {(run.Engine == "simulated" ? "link latency" : "simulator link model")} {s.Latency}\n");
        md.Append(CultureInfo.InvariantCulture, $"- appended {run.EventCount}, deliveries {summary.Counts.Deliveries}\n");
        if (run.Interrupted) md.Append("- **interrupted** before its end: the record is partial and no law about the end state was judged\n");
        md.Append(CultureInfo.InvariantCulture, $"- quiescence: {(run.Quiescence.Reached ? $"at {run.Quiescence.AtUs / 1e6:0.000} s" : "NOT reached: " + run.Quiescence.Pending)}\n");
        if (metrics.ConvergedAfterLastHealUs is { } c) md.Append(CultureInfo.InvariantCulture, $"- time to converge after the last heal: {c / 1e6:0.000} s\n");
        if (summary.Run is { } info) md.Append(CultureInfo.InvariantCulture, $"- started {info.StartedAtUtc}, wall clock {info.WallClockMs} ms\n");

        md.Append("\n## Laws\n\n| law | | result | detail |\n| --- | --- | --- | --- |\n");
        foreach (var law in checks.Laws)
            md.Append(CultureInfo.InvariantCulture, $"| {law.Law} | {law.Title} | {(law.Passed ? "ok" : "**FAILED**")} | {FirstLine(law.Detail)} |\n");
        if (checks.Status != RunStatus.Converged)
            md.Append("\n### Counterexample\n\n```\n").Append(checks.Counterexample).Append("\n```\n");

        md.Append(CultureInfo.InvariantCulture,
            $"\n## Comparison\n\nRegions are compared entry by entry at two levels: the **view** (what users see) and the **state** (everything that decides what a region does next). Event identity (L0): {summary.Comparison.IdentityLaw}.\n\n");
        md.Append("| region | view entries | view digest | state entries | state digest | ids with two bodies | edited/deleted/conflicted event documents |\n| --- | ---: | --- | ---: | --- | ---: | ---: |\n");
        foreach (var r in summary.Comparison.Regions)
            md.Append(CultureInfo.InvariantCulture,
                $"| {r.Region} | {r.ViewEntries} | `{Prefix(r.ViewDigest)}` | {r.StateEntries} | `{Prefix(r.StateDigest)}` | {r.IdentityConflicts} | {r.LogAnomalies} |\n");

        md.Append("\n## Lag\n\n![lag over time](lag.png)\n\n![lag quantiles](lag-quantiles.png)\n\n");
        md.Append("| region | appended | applied | deliveries | p50 ms | p95 ms | p99 ms | max ms | digest |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n");
        foreach (var r in metrics.Regions)
            md.Append(CultureInfo.InvariantCulture,
                $"| {r.Region} | {r.Appended} | {r.Applied} | {r.Deliveries} | {r.Lag.P50Ms:0.#} | {r.Lag.P95Ms:0.#} | {r.Lag.P99Ms:0.#} | {r.Lag.MaxMs:0.#} | `{Prefix(r.Digest)}` |\n");

        md.Append("\n| from → to | events | p50 ms | p95 ms | p99 ms | max ms |\n| --- | ---: | ---: | ---: | ---: | ---: |\n");
        foreach (var p in metrics.Pairs)
            md.Append(CultureInfo.InvariantCulture,
                $"| {p.From} → {p.To} | {p.Lag.Count} | {p.Lag.P50Ms:0.#} | {p.Lag.P95Ms:0.#} | {p.Lag.P99Ms:0.#} | {p.Lag.MaxMs:0.#} |\n");

        md.Append("\n## Faults and heals\n\n");
        if (run.Faults.Count == 0) md.Append("No faults.\n");
        foreach (var f in run.Faults)
            md.Append(CultureInfo.InvariantCulture, $"- #{f.Id} {f.Fault}: {f.StartUs / 1e6:0.000} s → {(f.EndUs is { } e ? $"{e / 1e6:0.000} s" : "end")}\n");
        foreach (var h in metrics.Heals)
            md.Append(CultureInfo.InvariantCulture, $"- {h.What} at {h.HealAtUs / 1e6:0.000} s: converged after {(h.ConvergedAfterUs is { } a ? $"{a / 1e6:0.000} s" : "never")}\n");
        // Engines that time each link's heal (the live one) report it as counters "heal.<n>.<link>.first-document-ms".
        var linkHeals = run.Counters.Where(c => c.Key.StartsWith("heal.", StringComparison.Ordinal) && c.Key.EndsWith(".first-document-ms", StringComparison.Ordinal)).ToArray();
        if (linkHeals.Length > 0)
        {
            md.Append("\nTime from a heal to the first document the link's target lacked (per link):\n");
            foreach (var (key, ms) in linkHeals)
                md.Append(CultureInfo.InvariantCulture, $"- {key["heal.".Length..^".first-document-ms".Length]}: {(ms >= 0 ? $"{ms} ms" : "nothing arrived")}\n");
        }
        md.Append(CultureInfo.InvariantCulture, $"\nDivergence windows (from digest samples every {s.DigestSampleInterval.TotalSeconds:0.###} s): {metrics.DivergenceWindows.Count}\n");
        foreach (var w in metrics.DivergenceWindows.Take(20))
            md.Append(CultureInfo.InvariantCulture, $"- {w.StartUs / 1e6:0.000} s → {(w.EndUs is { } e ? $"{e / 1e6:0.000} s" : "never closed")}\n");

        md.Append("\n## Lost, duplicated, never applied\n\n");
        if (checks.Losses.Count == 0) md.Append("Not classified: the run did not reach quiescence.\n");
        else
        {
            md.Append("| region | lost | duplicated | never applied | unknown documents |\n| --- | ---: | ---: | ---: | ---: |\n");
            foreach (var loss in checks.Losses)
                md.Append(CultureInfo.InvariantCulture, $"| {loss.Region} | {loss.Lost} | {loss.Duplicated} | {loss.NeverApplied} | {loss.Unknown} |\n");
        }

        if (run.Counters.Count > 0)
        {
            md.Append("\n## Engine counters\n\n| counter | value |\n| --- | ---: |\n");
            foreach (var (name, value) in run.Counters) md.Append(CultureInfo.InvariantCulture, $"| {name} | {value} |\n");
        }

        foreach (var section in extraSections)
            md.Append(CultureInfo.InvariantCulture, $"\n## {section.Title}\n\n").Append(section.Markdown.TrimEnd()).Append('\n');
        return md.ToString();
    }

    private static string FirstLine(string text)
    {
        var i = text.IndexOf('\n', StringComparison.Ordinal);
        return (i < 0 ? text : text[..i] + " …").Replace("|", "\\|", StringComparison.Ordinal);
    }

    private static string Prefix(string digest) => digest.Length > 12 ? digest[..12] : digest;
}
