using System.Globalization;

namespace Convergence.Simulator.Campaigns;

/// <summary>
/// The seeds of a campaign, both ends included: <c>1..1000</c>, or <c>7</c> for one. A campaign split across
/// machines is just disjoint ranges (<c>1..500</c> and <c>501..1000</c>), whose summaries merge.
/// </summary>
public sealed record SeedRange(ulong First, ulong Last)
{
    /// <summary>At most this many seeds in one campaign (a million runs is days of CPU: split it into ranges).</summary>
    public const ulong MaxCount = 1_000_000;

    public ulong Count => Last - First + 1;

    public IEnumerable<ulong> Seeds()
    {
        for (var seed = First; ; seed++)
        {
            yield return seed;
            if (seed == Last) yield break;
        }
    }

    /// <summary>Parses <c>A..B</c> or <c>A</c>; null with a readable reason on bad input.</summary>
    public static SeedRange? TryParse(string text, out string error)
    {
        error = "";
        var parts = text.Split("..", 2);
        if (!ulong.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var first) ||
            (parts.Length == 2 && !ulong.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out _)))
        {
            error = $"--seeds must look like 1..1000 (both ends included) or a single seed, got '{text}'";
            return null;
        }
        var last = parts.Length == 2 ? ulong.Parse(parts[1], CultureInfo.InvariantCulture) : first;
        if (last < first)
        {
            error = $"--seeds must go upwards, got '{text}'";
            return null;
        }
        if (last - first >= MaxCount)
        {
            error = $"--seeds covers more than {MaxCount} seeds: split it into ranges (one per machine) and merge the summaries";
            return null;
        }
        return new SeedRange(first, last);
    }

    public override string ToString() => First == Last ? First.ToString(CultureInfo.InvariantCulture) : $"{First}..{Last}";
}
