using System.ComponentModel;
using System.Globalization;
using Convergence.Cli.Options;
using Convergence.Simulator.Scenarios;
using Convergence.Simulator.Simulation;
using Convergence.Domain.Modules;
using Convergence.Simulator.Certification;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Convergence.Cli.Commands;

/// <summary>
/// <c>convergence check</c>: certifies the domain's handlers (plus any <c>--module</c>) law by
/// law — a commutativity matrix over every pair of event types, idempotence, no-throw, spec
/// agreement, order coverage — and prints each failure's shrunk counterexample.
/// </summary>
public sealed class CheckCommand(IAnsiConsole console, DomainCatalog catalog) : AsyncCommand<CheckCommand.Settings>
{
    /// <summary>The options of <c>check</c>.</summary>
    public sealed class Settings : DomainSettings
    {
        [CommandOption("--histories <N>")]
        [Description("generated histories to draw states and event pairs from (default 300)")]
        public string HistoriesText { get; init; } = "300";

        [CommandOption("--seed <S>")]
        [Description("seed of the generated histories (default 1)")]
        public string SeedText { get; init; } = "1";

        /// <summary>The number of generated histories (checked by <see cref="Validate"/>).</summary>
        public int Histories => int.Parse(HistoriesText, NumberStyles.None, CultureInfo.InvariantCulture);

        /// <summary>The seed of the generated histories (checked by <see cref="Validate"/>).</summary>
        public ulong Seed => ulong.Parse(SeedText, NumberStyles.None, CultureInfo.InvariantCulture);

        [CommandOption("--scenario <NAME>")]
        [Description("the simulated scenario in which eventual invariants are timed (default partition)")]
        public string Scenario { get; init; } = "partition";

        public override ValidationResult Validate() =>
            base.Validate() is { Successful: false } error ? error
            // Numbers arrive as text so that a bad one gets a sentence rather than a type name.
            : !(int.TryParse(HistoriesText, NumberStyles.None, CultureInfo.InvariantCulture, out var histories) && histories >= 1)
                ? ValidationResult.Error($"--histories must be a whole number of at least 1, got '{HistoriesText}'")
            : !ulong.TryParse(SeedText, NumberStyles.None, CultureInfo.InvariantCulture, out _)
                ? ValidationResult.Error($"--seed must be a whole number from 0 to {ulong.MaxValue}, got '{SeedText}'")
            : !ScenarioCatalog.Names.Contains(Scenario) ? ValidationResult.Error($"--scenario must be one of {string.Join(", ", ScenarioCatalog.Names)}")
            : ValidationResult.Success();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var domain = await settings.DomainAsync(catalog, cancellationToken).ConfigureAwait(false);
        console.MarkupLine($"[bold]check[/] modules {Markup.Escape(domain.ToString())}: {domain.EventTypes.Count} event types, " +
                           $"{settings.Histories} generated histories, seed [yellow]{settings.Seed}[/]");

        var report = HandlerCertification.Run(domain, new CertificationOptions { Histories = settings.Histories, Seed = settings.Seed },
            cancellationToken);

        PrintMatrix(report);
        PrintCoverage(report);
        foreach (var counterexample in report.Counterexamples.OrderBy(c => c.EventCount))
        {
            console.WriteLine();
            console.WriteLine(counterexample.Describe());
        }

        var invariantsHold = await CheckEventualInvariantsAsync(domain, settings, cancellationToken).ConfigureAwait(false);

        var failures = report.Counterexamples.Count();
        var uncovered = report.UncoveredPairs.Count();
        var passed = report.Passed && invariantsHold;
        console.WriteLine();
        console.MarkupLine(passed
            ? "verdict: [bold green]all laws hold[/]"
            : $"verdict: [bold red]FAILED[/] ({failures} law failures, {uncovered} pairs not exercised in both orders" +
              (invariantsHold ? ")" : ", an eventual invariant over its bound)"));
        var options = string.Join(" ", new[] { settings.DomainOptionsText() }.Concat(settings.Bounds.Select(b => $"--bound {b}"))
            .Append($"--histories {settings.Histories} --seed {settings.Seed} --scenario {settings.Scenario}").Where(o => o.Length > 0));
        console.MarkupLine($"replay: [blue]convergence check {Markup.Escape(options)}[/]");
        return passed ? ExitCodes.Converged : ExitCodes.LawFailed;
    }

    /// <summary>
    /// Invariants that may hold only eventually cannot be judged on single states: they are timed in
    /// a simulated run of the scenario (same seed), and fail when a violation outlives its bound.
    /// </summary>
    private async Task<bool> CheckEventualInvariantsAsync(DomainCatalog domain, Settings settings, CancellationToken cancellationToken)
    {
        if (!domain.Modules.Any(m => m.EventualInvariants.Count > 0)) return true;
        var scenario = ScenarioCatalog.Create(settings.Scenario, settings.Seed, new ScenarioOverrides(InvariantBounds: settings.InvariantBounds()));
        var outcome = await Simulate.RunAsync(scenario, domain, cancellationToken: cancellationToken).ConfigureAwait(false);
        // A cancelled simulation returns its partial record; check has nothing to say about it.
        cancellationToken.ThrowIfCancellationRequested();
        console.MarkupLine($"eventual invariants, timed in a simulated {Markup.Escape(scenario.Name)} run (seed {scenario.Seed}):");
        var verdicts = outcome.Checks.Laws.Where(l => l.Law == "EI").ToArray();
        foreach (var verdict in verdicts)
            console.MarkupLine($"  {Markup.Escape(verdict.Title)}: {(verdict.Passed ? "[green]ok[/]" : "[red]FAILED[/]")} [grey]{Markup.Escape(verdict.Detail)}[/]");
        return verdicts.All(v => v.Passed);
    }

    /// <summary>
    /// Rows and columns are the event types (columns by number), then idempotence, no-throw and
    /// spec per row; plain aligned text so that a matrix of 15+ types still fits 80 columns.
    /// </summary>
    private void PrintMatrix(CertificationReport report)
    {
        var width = report.Types.Max(t => t.Length) + 4;
        // Piped output defaults to 80 columns; a matrix line must not wrap.
        console.Profile.Width = Math.Max(console.Profile.Width, width + 3 * report.Types.Count + 24);
        console.MarkupLine("[bold]commutativity[/] (row then column = column then row), and per type: applied twice = once, never throws, agrees with spec");
        console.MarkupLine("two marks per commutativity and twice cell: the [bold]view[/] level (what users see), then the [bold]state[/] level (what decides the next event)");
        var header = "".PadRight(width) + string.Concat(Enumerable.Range(1, report.Types.Count).Select(j => $"{j,3}")) + "  twice throws spec";
        console.WriteLine(header);
        for (var i = 0; i < report.Types.Count; i++)
        {
            var row = report.Types[i];
            var line = Markup.Escape($"{i + 1,2} {row}".PadRight(width));
            foreach (var column in report.Types)
            {
                var cell = report.Commutativity.GetValueOrDefault((row, column))
                           ?? report.Commutativity.GetValueOrDefault((column, row), LawCell.Untested);
                line += " " + Marks(cell);
            }
            line += "   " + Marks(report.Idempotence.GetValueOrDefault(row, LawCell.Untested));
            line += "     " + Mark(report.NoThrow.GetValueOrDefault(row, LawCell.Untested));
            line += "     " + (report.SpecAgreement.TryGetValue(row, out var spec) ? Mark(spec) : "[grey]-[/]");
            console.MarkupLine(line);
        }
        console.MarkupLine("[green]✓[/] held on every case tried  [red]✗[/] falsified  [grey]·[/] never tried  [grey]-[/] no spec given");
    }

    private static string Mark(LawCell cell) => cell switch
    {
        { Counterexample: not null } => "[red]✗[/]",
        { Tested: 0 } => "[grey]·[/]",
        _ => "[green]✓[/]",
    };

    /// <summary>The view level's mark, then the state level's.</summary>
    private static string Marks(LawCell cell) =>
        Mark(cell) + (cell switch
        {
            { StateCounterexample: not null } => "[red]✗[/]",
            { Tested: 0 } => "[grey]·[/]",
            _ => "[green]✓[/]",
        });

    private void PrintCoverage(CertificationReport report)
    {
        var both = report.Coverage.Count(c => c.BothOrders);
        console.MarkupLine($"order coverage: {both} of {report.Coverage.Count} pairs of event types that touch the same kind of entity " +
                           "were delivered in both orders");
        foreach (var pair in report.UncoveredPairs)
            console.MarkupLine($"  [red]not exercised in both orders:[/] {Markup.Escape(pair.ToString())}");
    }
}
