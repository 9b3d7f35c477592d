using System.Globalization;

namespace Convergence.Simulator.Scenarios;

/// <summary>Parses and prints durations as the CLI takes them: <c>250ms</c>, <c>60s</c>, <c>5m</c>, <c>1h</c>, or plain seconds (<c>90</c>, <c>1.5</c>).</summary>
public static class DurationText
{
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var s = text.Trim().ToLowerInvariant();
        double scaleSeconds = 1;
        if (s.EndsWith("ms", StringComparison.Ordinal)) { scaleSeconds = 0.001; s = s[..^2]; }
        else if (s.EndsWith('s')) s = s[..^1];
        else if (s.EndsWith('m')) { scaleSeconds = 60; s = s[..^1]; }
        else if (s.EndsWith('h')) { scaleSeconds = 3600; s = s[..^1]; }
        if (!double.TryParse(s, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)) return false;
        var seconds = value * scaleSeconds;
        if (double.IsNaN(seconds) || double.IsInfinity(seconds) || seconds > TimeSpan.MaxValue.TotalSeconds / 2) return false;
        duration = TimeSpan.FromTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond));
        return true;
    }

    /// <summary>The shortest form that parses back to the same value (<c>90s</c>, <c>5m</c>, <c>1h</c>, <c>1500ms</c>).</summary>
    public static string Format(TimeSpan duration)
    {
        if (duration.Ticks % TimeSpan.TicksPerHour == 0 && duration >= TimeSpan.FromHours(1)) return $"{(long)duration.TotalHours}h";
        if (duration.Ticks % TimeSpan.TicksPerMinute == 0 && duration >= TimeSpan.FromMinutes(1)) return $"{(long)duration.TotalMinutes}m";
        if (duration.Ticks % TimeSpan.TicksPerSecond == 0) return $"{(long)duration.TotalSeconds}s";
        return $"{duration.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture)}ms";
    }
}
