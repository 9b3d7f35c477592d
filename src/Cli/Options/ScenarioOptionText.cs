using System.Globalization;
using Convergence.Simulator.Scenarios;
using Spectre.Console;

namespace Convergence.Cli.Options;

/// <summary>
/// The scenario options that <c>simulate</c> and <c>chaos</c> share, checked and parsed in one
/// place. Numbers arrive as text so that a bad one gets a sentence rather than a type name.
/// </summary>
public static class ScenarioOptionText
{
    /// <summary>The first invalid option as one readable line, or null when all are valid.</summary>
    public static ValidationResult? Check(string scenario, string? regions, string? duration, string? rate, string? seed, string? convergeWithin)
    {
        if (!ScenarioCatalog.Names.Contains(scenario))
            return ValidationResult.Error($"--scenario must be one of {string.Join(", ", ScenarioCatalog.Names)}, got '{scenario}'");
        if (regions is not null && !int.TryParse(regions, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            return ValidationResult.Error($"--regions must be a whole number, got '{regions}'");
        if (rate is not null && !(double.TryParse(rate, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var r) && r > 0))
            return ValidationResult.Error($"--rate must be a positive number of actions per second, got '{rate}'");
        if (seed is not null && !ulong.TryParse(seed, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            return ValidationResult.Error($"--seed must be a whole number from 0 to {ulong.MaxValue}, got '{seed}'");
        if (duration is not null && !DurationText.TryParse(duration, out _))
            return ValidationResult.Error($"--duration must look like 60s, 5m, 1h or plain seconds, got '{duration}'");
        if (convergeWithin is not null && !(DurationText.TryParse(convergeWithin, out var bound) && bound > TimeSpan.Zero))
            return ValidationResult.Error($"--converge-within must be a positive duration like 30s, got '{convergeWithin}'");
        return null;
    }

    public static int? Regions(string? text) => text is null ? null : int.Parse(text, CultureInfo.InvariantCulture);

    public static double? Rate(string? text) => text is null ? null : double.Parse(text, CultureInfo.InvariantCulture);

    public static ulong? Seed(string? text) => text is null ? null : ulong.Parse(text, CultureInfo.InvariantCulture);

    public static TimeSpan? Duration(string? text) => text is not null && DurationText.TryParse(text, out var d) ? d : null;
}
