using System.Globalization;
using Convergence.Domain.Modules;
using Convergence.Simulator.Campaigns;
using Convergence.Simulator.Reports;
using Spectre.Console;

namespace Convergence.Cli.Commands;

/// <summary>The campaign options of <c>simulate</c> (<c>--seeds</c>, <c>--campaign</c>, <c>--jobs</c>), checked once.</summary>
internal static class CampaignSettings
{
    public static ValidationResult Validate(SimulateCommand.Settings settings)
    {
        if (settings.Seeds is not null && settings.Campaign is not null)
            return ValidationResult.Error("give --seeds A..B or --campaign N, not both");
        if (settings.IsCampaign && settings.Seed is not null)
            return ValidationResult.Error("--seed runs one seed; a campaign takes --seeds A..B (or --campaign N)");
        if (settings.Seeds is not null && SeedRange.TryParse(settings.Seeds, out var error) is null)
            return ValidationResult.Error(error);
        if (settings.Campaign is not null && !(long.TryParse(settings.Campaign, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 && (ulong)n <= SeedRange.MaxCount))
            return ValidationResult.Error($"--campaign must be a number of seeds from 1 to {SeedRange.MaxCount}, got '{settings.Campaign}'");
        if (settings.Jobs is not null && !(int.TryParse(settings.Jobs, NumberStyles.None, CultureInfo.InvariantCulture, out var jobs) && jobs >= 1))
            return ValidationResult.Error($"--jobs must be a whole number of at least 1, got '{settings.Jobs}'");
        if (!settings.IsCampaign && (settings.Jobs is not null || settings.StopAtFirstFailure))
            return ValidationResult.Error("--jobs and --stop-at-first-failure apply to a campaign (--seeds A..B or --campaign N)");
        return ValidationResult.Success();
    }
}

/// <summary>
/// <c>convergence simulate --seeds A..B</c>: many seeds of one scenario on every core, a live tally, and a final
/// table of the failing seeds with their replay commands and shrunk counterexamples (exit 1 if any failed).
/// </summary>
internal sealed class SimulateCampaign(IAnsiConsole console, DomainCatalog catalog, TimeProvider clock)
{
    // Live tally lines at most this often (a line per seed would drown a 1000-seed log).
    private static readonly TimeSpan TallyEvery = TimeSpan.FromSeconds(2);

    public async Task<int> RunAsync(SimulateCommand.Settings settings, CancellationToken cancellationToken)
    {
        var range = settings.Seeds is not null
            ? SeedRange.TryParse(settings.Seeds, out _)!
            : FreshRange(long.Parse(settings.Campaign!, CultureInfo.InvariantCulture));
        var domain = await settings.DomainAsync(catalog, cancellationToken).ConfigureAwait(false);
        var jobs = settings.Jobs is null ? Environment.ProcessorCount : int.Parse(settings.Jobs, CultureInfo.InvariantCulture);
        var folder = ReserveFolder(Path.Combine(settings.Out ?? "reports", $"{ReportWriter.FolderName(clock.GetUtcNow(), settings.Scenario)}-campaign"));
        var options = new CampaignOptions(settings.Scenario, range, settings.ToOverrides(), settings.DomainOptionsText(), folder, jobs, settings.StopAtFirstFailure);
        try
        {
            // Each seed's scenario is built before anything runs, so a bad override is one line, not a thousand.
            Simulator.Scenarios.ScenarioCatalog.Create(options.Scenario, range.First, options.Overrides);
        }
        catch (ArgumentException e)
        {
            console.MarkupLine($"[red]error:[/] {Markup.Escape(e.Message)}");
            return ExitCodes.BadArguments;
        }

        console.MarkupLine($"[bold]campaign[/] {Markup.Escape(options.Scenario)}: seeds [yellow]{range}[/] ({range.Count}) on {jobs} cores" +
                           (options.StopAtFirstFailure ? ", stopping at the first failure" : ""));
        var gate = new object();
        var lastPrinted = clock.GetTimestamp();
        var progress = new InlineProgress<CampaignTally>(tally =>
        {
            lock (gate)
            {
                if (tally.Done < tally.Total && clock.GetElapsedTime(lastPrinted) < TallyEvery) return;
                lastPrinted = clock.GetTimestamp();
                console.MarkupLine($"  {Markup.Escape(tally.ToString())}");
            }
        });
        var summary = await new Campaign(domain, clock).RunAsync(options, progress, cancellationToken).ConfigureAwait(false);

        Print(summary, folder);
        if (cancellationToken.IsCancellationRequested) return ExitCodes.Cancelled;
        return summary.AnyFailed ? ExitCodes.LawFailed : ExitCodes.Converged;
    }

    private void Print(CampaignSummary summary, string folder)
    {
        if (summary.AnyFailed)
        {
            var table = new Table().Border(TableBorder.Rounded).AddColumn("seed").AddColumn("status").AddColumn("report").AddColumn("shrunk counterexample");
            foreach (var failure in summary.Failures)
                table.AddRow(failure.Seed.ToString(CultureInfo.InvariantCulture), failure.Status.ToString(), Markup.Escape(failure.Report ?? ""),
                    Markup.Escape(failure.Counterexample ?? ""));
            console.Write(table);
            // Replay commands on lines of their own, so a terminal never wraps them inside a cell.
            foreach (var failure in summary.Failures)
                console.MarkupLine($"replay seed {failure.Seed.ToString(CultureInfo.InvariantCulture)}: [blue]{Markup.Escape(failure.Replay)}[/]");
        }
        var color = summary.AnyFailed ? "red" : "green";
        console.MarkupLine($"campaign: [bold {color}]{summary.Failures.Count} failing of {summary.Judged} seeds[/]" +
                           (summary.Interrupted > 0 ? $" ({summary.Interrupted} not run: stopped)" : "") +
                           $", {summary.Events} events, {summary.SimulatedS:0} s simulated");
        console.MarkupLine($"summary: {Markup.Escape(Path.Combine(folder, CampaignOptions.SummaryFile))}");
    }

    /// <summary>N seeds from a fresh base: the one input drawn from outside, printed as the range.</summary>
    private static SeedRange FreshRange(long count)
    {
        var first = (ulong)Random.Shared.NextInt64(1, int.MaxValue);
        return new SeedRange(first, first + (ulong)count - 1);
    }

    /// <summary>Creates the folder under a name no other run holds (two campaigns started in one second get -2, -3, …).</summary>
    private static string ReserveFolder(string path)
    {
        for (var n = 1; ; n++)
        {
            var candidate = n == 1 ? path : $"{path}-{n}";
            if (Directory.Exists(candidate)) continue;
            Directory.CreateDirectory(candidate);
            return candidate;
        }
    }

    /// <summary>Reports on the worker's thread; the callback serialises its own output.</summary>
    private sealed class InlineProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
