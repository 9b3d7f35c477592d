using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Convergence.Domain.Modules;
using Convergence.Simulator.Checks;
using Convergence.Simulator.Engine;
using Convergence.Simulator.Reports;
using Convergence.Simulator.Scenarios;
using Convergence.Simulator.Simulation;
using Convergence.Simulator.Traces;

namespace Convergence.Simulator.Campaigns;

/// <summary>
/// Runs one scenario over many seeds in parallel: each seed is an ordinary deterministic simulate (its own
/// cluster, one thread), so a failing seed replays alone with its printed command. Writes
/// <c>campaign.json</c> and a report folder per failing seed; reports progress as a <see cref="CampaignTally"/>.
/// </summary>
public sealed class Campaign(DomainCatalog catalog, TimeProvider clock)
{
    /// <summary>
    /// Runs the campaign. A cancellation (Ctrl+C) stops the seeds in flight and still writes the summary of
    /// those that finished; the returned summary says how many were stopped.
    /// </summary>
    public async Task<CampaignSummary> RunAsync(CampaignOptions options, IProgress<CampaignTally>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        Directory.CreateDirectory(options.Folder);
        var started = clock.GetTimestamp();
        var results = new ConcurrentBag<SeedResult>();
        long done = 0, failures = 0;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Jobs), CancellationToken = CancellationToken.None };
        await Parallel.ForEachAsync(options.Seeds.Seeds(), parallel, async (seed, _) =>
        {
            if (stop.IsCancellationRequested) return;
            var result = await RunSeedAsync(options, seed, stop.Token).ConfigureAwait(false);
            results.Add(result);
            if (result.Status == RunStatus.Interrupted) return;
            Interlocked.Increment(ref done);
            if (result.Failed)
            {
                Interlocked.Increment(ref failures);
                if (options.StopAtFirstFailure) await stop.CancelAsync().ConfigureAwait(false);
            }
            progress?.Report(new CampaignTally(Interlocked.Read(ref done), (long)options.Seeds.Count, Interlocked.Read(ref failures), clock.GetElapsedTime(started)));
        }).ConfigureAwait(false);

        var summary = CampaignSummary.From(options.Scenario, options.DomainOptions, options.Seeds, results.ToArray());
        await File.WriteAllTextAsync(Path.Combine(options.Folder, CampaignOptions.SummaryFile), summary.ToJson() + "\n", CancellationToken.None).ConfigureAwait(false);
        return summary;
    }

    private async Task<SeedResult> RunSeedAsync(CampaignOptions options, ulong seed, CancellationToken cancellationToken)
    {
        var scenario = ScenarioCatalog.Create(options.Scenario, seed, options.Overrides);
        var replay = ReplayCommand.For(scenario, options.DomainOptions);
        var watch = Stopwatch.StartNew();
        var outcome = await Simulate.RunAsync(scenario, catalog, options.Simulation, cancellationToken: cancellationToken).ConfigureAwait(false);
        watch.Stop();
        var simulatedS = outcome.Record.EndUs / 1e6;
        var result = new SeedResult(seed, outcome.Status, outcome.Record.EventCount, simulatedS, watch.Elapsed.TotalSeconds, replay);
        if (!result.Failed) return result;

        var folderName = "seed-" + seed.ToString(CultureInfo.InvariantCulture);
        var summary = outcome.Summary with
        {
            Run = new RunInfo(clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
                Path.Combine(options.Folder, folderName), watch.ElapsedMilliseconds),
        };
        await ReportWriter.WriteAsync(Path.Combine(options.Folder, folderName), outcome.Record, outcome.Checks, outcome.Metrics, summary, CancellationToken.None)
            .ConfigureAwait(false);
        return result with { Counterexample = Shrunk(outcome), Report = folderName };
    }

    /// <summary>
    /// The smallest readable account of the failure: for an order dependence, the regions' recorded delivery
    /// orders shrunk to a minimal pair (as <c>convergence replay</c> does); otherwise the failed laws' first lines.
    /// </summary>
    private string Shrunk(RunOutcome outcome)
    {
        if (outcome.Checks.Laws.Any(l => l is { Law: "L1", Passed: false }) && outcome.Record.Regions.Count > 1)
        {
            var replayed = TraceReplay.Run(RunTrace.FromRecord(outcome.Record), catalog);
            if (replayed.Counterexample is { } shrunk) return $"L1 order independence, shrunk in {replayed.Shrinks} steps:\n{shrunk.Describe()}";
        }
        return string.Join("\n", outcome.Checks.Laws.Where(l => !l.Passed).Select(l => $"{l.Law} {l.Title}: {l.Detail.Split('\n')[0]}"));
    }
}
