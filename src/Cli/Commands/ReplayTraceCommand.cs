using System.ComponentModel;
using Convergence.Cli.Modules;
using Convergence.Cli.Options;
using Convergence.Domain.Modules;
using Convergence.Simulator.Traces;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Convergence.Cli.Commands;

/// <summary>
/// <c>convergence replay TRACE</c>: re-runs each region's recorded delivery order (a run's
/// <c>trace.json</c>, simulated or live) through the domain in-process; when two regions end
/// differently, shrinks their orders to a minimal counterexample.
/// </summary>
public sealed class ReplayTraceCommand(IAnsiConsole console, DomainCatalog catalog) : AsyncCommand<ReplayTraceCommand.Settings>
{
    /// <summary>The arguments of <c>replay</c>.</summary>
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<TRACE>")]
        [Description("a run's trace.json, or the run's report folder")]
        public string Trace { get; init; } = "";

        [CommandOption("--module <PATH>")]
        [Description("a module the trace's domain needs: its .dll, .csproj or project folder (repeatable)")]
        public string[] Modules { get; init; } = [];

        [CommandOption("--store <STORE>")]
        [Description(StoreChoice.StoreDescription)]
        public string Store { get; init; } = "memory";

        [CommandOption("--checkpoint <MODE>")]
        [Description(StoreChoice.CheckpointDescription)]
        public string Checkpoint { get; init; } = "with-state";

        public override ValidationResult Validate() =>
            StoreChoice.Problem(Store, Checkpoint) is { } problem ? ValidationResult.Error(problem)
            : File.Exists(Resolve(Trace)) ? ValidationResult.Success() : ValidationResult.Error($"no trace at {Trace}");

        internal static string Resolve(string path) => Directory.Exists(path) ? Path.Combine(path, "trace.json") : path;
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var domain = StoreChoice.Apply(await ModuleLoader.ExtendAsync(catalog, settings.Modules, cancellationToken).ConfigureAwait(false),
            settings.Store, settings.Checkpoint);
        var path = Settings.Resolve(settings.Trace);
        var trace = RunTrace.Parse(await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false), domain);
        console.MarkupLine($"[bold]replay[/] {Markup.Escape(path)}: {trace.Events.Count} events, {trace.Regions.Count} regions " +
                           $"({Markup.Escape(trace.Engine)} run of {Markup.Escape(trace.Scenario)}, seed {trace.Seed})");

        var result = TraceReplay.Run(trace, domain);
        foreach (var (region, view, state) in result.Digests)
            console.MarkupLine($"  {Markup.Escape(region)}: view {Prefix(view)}  state {Prefix(state)}");
        if (result.Agrees)
        {
            console.MarkupLine("verdict: [bold green]every region's order gives the same read model, at both levels (view and state)[/]");
            return ExitCodes.Converged;
        }

        foreach (var conflict in result.IdentityConflicts.Take(5))
            console.MarkupLine($"[red]L0 event identity broken:[/] {Markup.Escape(conflict.ToString())}");
        if (result.Counterexample is { } counterexample)
        {
            var level = result.Level == Domain.Views.ComparisonLevel.State ? "state" : "view";
            console.MarkupLine($"[red]L1 order independence falsified[/] at the {level} level by the recorded orders ({result.Shrinks} shrinks):");
            console.WriteLine(counterexample.Describe(result.Level));
        }
        console.MarkupLine("verdict: [bold red]FAILED[/]");
        return ExitCodes.LawFailed;
    }

    private static string Prefix(string digest) => digest.Length > 12 ? digest[..12] : digest;
}
