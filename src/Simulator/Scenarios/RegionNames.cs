using Convergence.Domain.Identity;

namespace Convergence.Simulator.Scenarios;

/// <summary>Short, readable region ids in a fixed order (<c>eu, us, ap, …</c>), so counterexamples read like production.</summary>
public static class RegionNames
{
    private static readonly string[] Names = ["eu", "us", "ap", "sa", "af", "me", "oc", "ca", "in", "jp", "kr", "au"];

    public const int Max = 12;

    public static IReadOnlyList<RegionId> First(int count)
    {
        if (count < 1 || count > Max) throw new ArgumentOutOfRangeException(nameof(count), count, $"between 1 and {Max} regions");
        return Names.Take(count).Select(n => new RegionId(n)).ToArray();
    }
}
