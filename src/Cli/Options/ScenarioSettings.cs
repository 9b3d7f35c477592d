using System.ComponentModel;
using System.Globalization;
using Convergence.Simulator.Scenarios;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Convergence.Cli.Options;

/// <summary>
/// The scenario options that <c>simulate</c> and <c>chaos</c> share, checked and parsed in one
/// place. Numbers arrive as text so that a bad one gets a sentence rather than a type name; each
/// command keeps its own <c>--scenario</c> (their defaults differ).
/// </summary>
public abstract class ScenarioSettings : DomainSettings
{
    [CommandOption("--regions <N>")]
    [Description("number of regions, 2-12 (default: the scenario's; chaos: 3)")]
    public string? Regions { get; init; }

    [CommandOption("--duration <D>")]
    [Description("fault phase, virtual time for simulate, wall-clock for chaos: 60s, 5m, 1h or plain seconds (default 60s)")]
    public string? Duration { get; init; }

    [CommandOption("--rate <R>")]
    [Description("client actions per second per region (default: simulate 20, chaos 3)")]
    public string? Rate { get; init; }

    [CommandOption("--seed <S>")]
    [Description("root seed: schedule, workload, swarm world (default: a fresh one, printed)")]
    public string? Seed { get; init; }

    [CommandOption("--converge-within <D>")]
    [Description("law L6 also requires convergence within D after the last heal (e.g. 30s)")]
    public string? ConvergeWithin { get; init; }

    [CommandOption("--out <DIR>")]
    [Description("parent folder of the run's report folder (default reports)")]
    public string? Out { get; init; }

    /// <summary>The parent folder of the run's report folder: <c>--out</c>, else <c>reports</c>.</summary>
    public string OutRoot => Out ?? "reports";

    /// <summary>The <c>--scenario</c> the command was given.</summary>
    protected abstract string ScenarioName { get; }

    public override ValidationResult Validate()
    {
        if (base.Validate() is { Successful: false } domainError) return domainError;
        if (!ScenarioCatalog.Names.Contains(ScenarioName))
            return ValidationResult.Error($"--scenario must be one of {string.Join(", ", ScenarioCatalog.Names)}, got '{ScenarioName}'");
        if (Regions is not null && !int.TryParse(Regions, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            return ValidationResult.Error($"--regions must be a whole number, got '{Regions}'");
        if (Rate is not null && !(double.TryParse(Rate, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var r) && r > 0))
            return ValidationResult.Error($"--rate must be a positive number of actions per second, got '{Rate}'");
        if (Seed is not null && !ulong.TryParse(Seed, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            return ValidationResult.Error($"--seed must be a whole number from 0 to {ulong.MaxValue}, got '{Seed}'");
        if (Duration is not null && !DurationText.TryParse(Duration, out _))
            return ValidationResult.Error($"--duration must look like 60s, 5m, 1h or plain seconds, got '{Duration}'");
        if (ConvergeWithin is not null && !(DurationText.TryParse(ConvergeWithin, out var bound) && bound > TimeSpan.Zero))
            return ValidationResult.Error($"--converge-within must be a positive duration like 30s, got '{ConvergeWithin}'");
        if (OutFolder.Problem(OutRoot) is { } outProblem) return ValidationResult.Error(outProblem);
        return ValidationResult.Success();
    }

    public int? RegionsValue => Regions is null ? null : int.Parse(Regions, CultureInfo.InvariantCulture);

    public double? RateValue => Rate is null ? null : double.Parse(Rate, CultureInfo.InvariantCulture);

    /// <summary>The seed given, or null for a fresh one.</summary>
    public ulong? SeedValue => Seed is null ? null : ulong.Parse(Seed, CultureInfo.InvariantCulture);

    public TimeSpan? DurationValue => ParseDuration(Duration);

    public TimeSpan? ConvergeBoundValue => ParseDuration(ConvergeWithin);

    protected static TimeSpan? ParseDuration(string? text) => text is not null && DurationText.TryParse(text, out var d) ? d : null;
}
