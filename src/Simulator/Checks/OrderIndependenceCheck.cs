using Convergence.Simulator.Runs;

namespace Convergence.Simulator.Checks;

/// <summary>L1 order independence, observed: at quiescence every region's view equals the first region's.</summary>
public static class OrderIndependenceCheck
{
    public static LawVerdict Check(RunRecord run)
    {
        if (run.Regions.Count == 0) return new LawVerdict("L1", "order independence", false, "no region could be read");
        var first = run.Regions[0];
        foreach (var other in run.Regions.Skip(1))
        {
            if (first.View.Equals(other.View)) continue;
            var diff = first.View.DiffTo(other.View);
            return new LawVerdict("L1", "order independence", false,
                $"regions {first.Region} (A) and {other.Region} (B) differ in {diff.Differences.Count} entries:\n{diff.Describe()}");
        }
        return new LawVerdict("L1", "order independence", true,
            $"all {run.Regions.Count} regions have digest {Prefix(first.View.Digest)}");
    }

    internal static string Prefix(string digest) => digest.Length > 12 ? digest[..12] : digest;
}
