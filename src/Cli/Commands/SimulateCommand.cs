using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Convergence.Cli.Options;
using Convergence.Domain.Modules;
using Convergence.Simulator.Checks;
using Convergence.Simulator.Engine;
using Convergence.Simulator.Network;
using Convergence.Simulator.Reports;
using Convergence.Simulator.Scenarios;
using Convergence.Simulator.Simulation;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Convergence.Cli.Commands;

/// <summary><c>convergence simulate</c>: one scenario in the deterministic simulator, a verdict table and a report folder.</summary>
public sealed class SimulateCommand(IAnsiConsole console, DomainCatalog catalog, TimeProvider clock) : AsyncCommand<SimulateCommand.Settings>
{
    /// <summary>The options of <c>simulate</c>; checked once in <see cref="Validate"/>.</summary>
    public sealed class Settings : ScenarioSettings
    {
        [CommandOption("--scenario <NAME>")]
        [Description("steady | partition | flapping | crash | restart | swarm | mixed (default steady; swarm for a campaign)")]
        public string? ScenarioOption { get; init; }

        /// <summary>The scenario to run: the one named, else swarm for a campaign (a new world per seed), else steady.</summary>
        public string Scenario => ScenarioOption ?? (IsCampaign ? "swarm" : "steady");

        [CommandOption("--seeds <A..B>")]
        [Description("a campaign: run every seed from A to B (both included) in parallel, e.g. 1..1000; split ranges across machines and merge with campaign-merge")]
        public string? Seeds { get; init; }

        [CommandOption("--campaign <N>")]
        [Description("a campaign of N seeds from a fresh base seed (printed, so the range replays)")]
        public string? Campaign { get; init; }

        [CommandOption("--jobs <N>")]
        [Description("campaign: seeds run at once (default: every core)")]
        public string? Jobs { get; init; }

        [CommandOption("--stop-at-first-failure")]
        [Description("campaign: stop at the first failing seed instead of running them all")]
        public bool StopAtFirstFailure { get; init; }

        public bool IsCampaign => Seeds is not null || Campaign is not null;

        [CommandOption("--topology <T>")]
        [Description("mesh | ring | star (default mesh)")]
        public string? Topology { get; init; }

        protected override string ScenarioName => Scenario;

        public override ValidationResult Validate()
        {
            if (base.Validate() is { Successful: false } error) return error;
            if (Topology is not null && !TryParseTopology(Topology, out _))
                return ValidationResult.Error($"--topology must be mesh, ring or star, got '{Topology}'");
            return CampaignSettings.Validate(this);
        }

        /// <summary>The overrides these options give to the named scenario.</summary>
        public ScenarioOverrides ToOverrides()
        {
            Topology? topology = Topology is null ? null : TryParseTopology(Topology, out var t) ? t : null;
            return new ScenarioOverrides(RegionsValue, DurationValue, RateValue, topology, ConvergeBoundValue, InvariantBounds());
        }

        private static bool TryParseTopology(string text, out Topology topology) =>
            Enum.TryParse(text, ignoreCase: true, out topology) && Enum.IsDefined(topology) && !int.TryParse(text, out _);
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (settings.IsCampaign)
            return await new SimulateCampaign(console, catalog, clock).RunAsync(settings, cancellationToken).ConfigureAwait(false);

        // The seed is the only input drawn from outside; it is printed so the run can be replayed.
        var seed = settings.SeedValue ?? (ulong)Random.Shared.NextInt64(1, int.MaxValue);
        Scenario scenario;
        try
        {
            scenario = ScenarioCatalog.Create(settings.Scenario, seed, settings.ToOverrides());
        }
        catch (ArgumentException e)
        {
            console.MarkupLine($"[red]error:[/] {Markup.Escape(e.Message)}");
            return ExitCodes.BadArguments;
        }

        var domain = await settings.DomainAsync(catalog, cancellationToken).ConfigureAwait(false);
        var replay = ReplayCommand.For(scenario, settings.DomainOptionsText());
        console.MarkupLine($"[bold]simulate[/] {Markup.Escape(scenario.Name)}: {Markup.Escape(ScenarioCatalog.Describe(scenario.Name))}");
        console.MarkupLine($"seed [yellow]{seed}[/]  regions {Markup.Escape(string.Join(",", scenario.Regions))}  topology {scenario.Topology.ToString().ToLowerInvariant()}  " +
                           $"rate {scenario.Workload.RatePerRegion}/s  duration {DurationText.Format(scenario.SafetyPhase)}  faults {scenario.Faults.Count}");
        foreach (var fault in scenario.Faults) console.MarkupLine($"  [grey]{Markup.Escape(fault.ToString())}[/]");
        console.MarkupLine($"replay: [blue]{Markup.Escape(replay)}[/]");

        var startedAt = clock.GetUtcNow();
        // Taken now, not at the end: a run started in the same second gets another folder, and a bad --out is told at once.
        string folder;
        try
        {
            folder = ReportWriter.ReserveFolder(settings.OutRoot, startedAt, scenario.Name);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            console.MarkupLine($"[red]error:[/] --out {Markup.Escape(settings.OutRoot)}: {Markup.Escape(e.Message.ReplaceLineEndings(" ").Trim())}");
            return ExitCodes.BadArguments;
        }
        var stopwatch = Stopwatch.StartNew();
        RunOutcome outcome;
        try
        {
            outcome = await RunWithProgressAsync(scenario, domain, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            ReportWriter.ReleaseFolder(folder);
            throw;
        }
        stopwatch.Stop();

        var summary = outcome.Summary with
        {
            Run = new RunInfo(startedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
                folder, stopwatch.ElapsedMilliseconds),
        };
        // Written even when the run was interrupted (the partial report): the token is cancelled then, so the write does not take it.
        await ReportWriter.WriteAsync(folder, outcome.Record, outcome.Checks, outcome.Metrics, summary, CancellationToken.None).ConfigureAwait(false);

        PrintResults(outcome, scenario, replay, folder, stopwatch.Elapsed);
        return outcome.Status switch
        {
            RunStatus.Converged => ExitCodes.Converged,
            RunStatus.Interrupted => ExitCodes.Cancelled,
            RunStatus.ClusterFailure => ExitCodes.InternalError,
            _ => ExitCodes.LawFailed,
        };
    }

    private async Task<RunOutcome> RunWithProgressAsync(Scenario scenario, DomainCatalog domain, CancellationToken cancellationToken)
    {
        if (!console.Profile.Capabilities.Interactive)
            return await Simulate.RunAsync(scenario, domain, cancellationToken: cancellationToken).ConfigureAwait(false);

        RunOutcome? outcome = null;
        await console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask("safety phase", maxValue: scenario.SafetyPhase.TotalSeconds);
                var progress = new SynchronousProgress(p =>
                {
                    task.Value = Math.Min(p.Elapsed.TotalSeconds, scenario.SafetyPhase.TotalSeconds);
                    task.Description = p.Phase switch
                    {
                        RunPhase.Safety => $"safety phase, {p.Appended} appended",
                        RunPhase.Liveness => "liveness phase: healed, waiting for quiescence",
                        _ => "checking",
                    };
                });
                outcome = await Simulate.RunAsync(scenario, domain, progress: progress, cancellationToken: cancellationToken).ConfigureAwait(false);
                task.Value = task.MaxValue;
            }).ConfigureAwait(false);
        return outcome!;
    }

    private void PrintResults(RunOutcome outcome, Scenario scenario, string replay, string folder, TimeSpan wallClock)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("region").AddColumn(new TableColumn("appended").RightAligned()).AddColumn(new TableColumn("applied").RightAligned())
            .AddColumn(new TableColumn("lag p50 ms").RightAligned()).AddColumn(new TableColumn("p99 ms").RightAligned())
            .AddColumn(new TableColumn("max ms").RightAligned()).AddColumn("digest");
        foreach (var region in outcome.Metrics.Regions)
        {
            table.AddRow(region.Region, $"{region.Appended}", $"{region.Applied}", $"{region.Lag.P50Ms:0.#}", $"{region.Lag.P99Ms:0.#}",
                $"{region.Lag.MaxMs:0.#}", region.Digest.Length > 10 ? region.Digest[..10] : region.Digest);
        }
        console.Write(table);

        foreach (var law in outcome.Checks.Laws)
        {
            var mark = law.Passed ? "[green]ok[/]" : "[red]FAILED[/]";
            var detail = law.Passed ? law.Detail : law.Detail.Split('\n')[0];
            console.MarkupLine($"  {law.Law} {Markup.Escape(law.Title)}: {mark} [grey]{Markup.Escape(detail)}[/]");
        }
        if (outcome.Status is not (RunStatus.Converged or RunStatus.Interrupted))
        {
            console.MarkupLine("[red]counterexample:[/]");
            console.WriteLine(outcome.Checks.Counterexample);
        }

        var color = outcome.Status == RunStatus.Converged ? "green" : outcome.Status == RunStatus.Interrupted ? "yellow" : "red";
        var record = outcome.Record;
        var simulated = TimeSpan.FromTicks(record.EndUs * 10);
        console.MarkupLine($"verdict: [bold {color}]{outcome.Status}[/]  ({record.EventCount} events, {simulated.TotalSeconds:0.0} s simulated in {wallClock.TotalSeconds:0.00} s)");
        foreach (var heal in outcome.Metrics.Heals)
        {
            var after = heal.ConvergedAfterUs is { } us ? $"{us / 1e6:0.000} s" : "never";
            console.MarkupLine($"time to converge after {Markup.Escape(heal.What)} at {heal.HealAtUs / 1e6:0.000} s: [bold]{after}[/]");
        }
        console.MarkupLine($"seed: [yellow]{scenario.Seed}[/]");
        console.MarkupLine($"replay: [blue]{Markup.Escape(replay)}[/]  (from a checkout: dotnet run --project src/Cli -- {Markup.Escape(replay["convergence ".Length..])})");
        console.MarkupLine($"report: {Markup.Escape(Path.Combine(folder, "report.md"))}");
    }

    /// <summary>Reports on the caller's thread: <see cref="Progress{T}"/> would post to the thread pool out of order.</summary>
    private sealed class SynchronousProgress(Action<RunProgress> report) : IProgress<RunProgress>
    {
        public void Report(RunProgress value) => report(value);
    }
}
