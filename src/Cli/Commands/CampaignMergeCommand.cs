using System.ComponentModel;
using System.Globalization;
using Convergence.Simulator.Campaigns;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Convergence.Cli.Commands;

/// <summary><c>convergence campaign-merge</c>: one summary from campaigns run over disjoint seed ranges (a CI matrix); exit 1 if any seed failed.</summary>
public sealed class CampaignMergeCommand(IAnsiConsole console) : AsyncCommand<CampaignMergeCommand.Settings>
{
    /// <summary>The summaries to merge and where to write the result.</summary>
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<SUMMARIES>")]
        [Description("campaign.json files (or campaign folders) of the same scenario and domain over disjoint seed ranges")]
        public string[] Summaries { get; init; } = [];

        [CommandOption("--out <FILE>")]
        [Description("write the merged campaign.json here")]
        public string? Out { get; init; }

        public override ValidationResult Validate() =>
            Summaries.Select(Resolve).FirstOrDefault(p => !File.Exists(p)) is { } missing
                ? ValidationResult.Error($"no campaign summary at {missing}")
                : ValidationResult.Success();

        internal static string Resolve(string path) => Directory.Exists(path) ? Path.Combine(path, CampaignOptions.SummaryFile) : path;
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var parts = new List<CampaignSummary>();
        foreach (var path in settings.Summaries.Select(Settings.Resolve))
            parts.Add(CampaignSummary.Parse(await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false)));
        var merged = CampaignSummary.Merge(parts);
        if (settings.Out is { } output)
            await File.WriteAllTextAsync(output, merged.ToJson() + "\n", cancellationToken).ConfigureAwait(false);

        console.MarkupLine($"[bold]campaign[/] {Markup.Escape(merged.Scenario)} {Markup.Escape(merged.DomainOptions)}: seeds {Markup.Escape(string.Join(", ", merged.Ranges))}");
        foreach (var failure in merged.Failures)
            console.MarkupLine($"  seed {failure.Seed.ToString(CultureInfo.InvariantCulture)} {failure.Status}: [blue]{Markup.Escape(failure.Replay)}[/]");
        var color = merged.AnyFailed ? "red" : "green";
        console.MarkupLine($"[bold {color}]{merged.Failures.Count} failing of {merged.Judged} seeds[/]" +
                           (merged.Interrupted > 0 ? $" ({merged.Interrupted} not run)" : ""));
        return merged.AnyFailed ? ExitCodes.LawFailed : ExitCodes.Converged;
    }
}
