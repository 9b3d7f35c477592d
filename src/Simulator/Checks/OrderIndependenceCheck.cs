using Convergence.Domain.Views;
using Convergence.Simulator.Runs;

namespace Convergence.Simulator.Checks;

/// <summary>
/// L1 order independence, observed: at quiescence every region equals the first region at both
/// comparison levels — the view its users see and the state that decides what it does next.
/// </summary>
public static class OrderIndependenceCheck
{
    public static readonly IReadOnlyList<ComparisonLevel> Levels = [ComparisonLevel.View, ComparisonLevel.State];

    public static LawVerdict Check(RunRecord run)
    {
        if (run.Regions.Count == 0) return new LawVerdict("L1", "order independence", false, "no region could be read");
        var first = run.Regions[0];
        foreach (var level in Levels)
        {
            foreach (var other in run.Regions.Skip(1))
            {
                if (first.At(level).Equals(other.At(level))) continue;
                var diff = first.At(level).DiffTo(other.At(level));
                return new LawVerdict("L1", "order independence", false,
                    $"{Name(level)} level: regions {first.Region} (A) and {other.Region} (B) differ in {diff.Differences.Count} entries:\n{diff.Describe()}");
            }
        }
        return new LawVerdict("L1", "order independence", true,
            $"all {run.Regions.Count} regions equal at both levels: view {Prefix(first.View.Digest)} ({first.View.Count} entries), " +
            $"state {Prefix(first.State.Digest)} ({first.State.Count} entries)");
    }

    /// <summary>How a level is named in verdicts and reports.</summary>
    public static string Name(ComparisonLevel level) => level == ComparisonLevel.View ? "view" : "state";

    internal static string Prefix(string digest) => digest.Length > 12 ? digest[..12] : digest;
}
