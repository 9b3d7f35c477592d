using Convergence.Domain.Projection;
using Convergence.Domain.Views;
using Convergence.Simulator.Runs;

namespace Convergence.Simulator.Checks;

/// <summary>
/// Rebuild: at quiescence each region's read model is rebuilt from its own log, in the log's order,
/// into a fresh store of the same kind, and must equal the one its projector built incrementally
/// (through crashes, restarts and redeliveries). A handler whose effect depends on anything but the
/// log — a counter bumped on every delivery, a checkpoint kept apart from the state — fails here.
/// </summary>
public static class RebuildCheck
{
    public const string Law = "RB";

    public const string Title = "rebuild from the log";

    public static LawVerdict Check(RunRecord run)
    {
        var results = run.Regions.Select(region => (region, Differences: Compare(run, region))).ToArray();
        var failed = results.Where(r => r.Differences is not null).ToArray();
        if (failed.Length > 0)
        {
            var (region, differences) = failed[0];
            return new LawVerdict(Law, Title, false,
                $"{failed.Length} of {results.Length} regions differ from their rebuild; region {region.Region}, incremental (A) vs rebuilt from its " +
                $"{region.Log.Count(i => i >= 0)} logged events (B):\n{differences}");
        }
        return new LawVerdict(Law, Title, true,
            $"every region's rebuild from its own log into a fresh {run.Catalog.Store.Name} store equals its incremental model (view and state): " +
            string.Join(", ", results.Select(r => $"{r.region.Region} ({r.region.Log.Count(i => i >= 0)} events)")));
    }

    /// <summary>The readable difference between a region's incremental view and its rebuild, or null when they are equal.</summary>
    public static string? Compare(RunRecord run, RegionSnapshot region)
    {
        var rebuilt = ReadModel.FromDeliveries(run.Catalog, region.Log.Where(i => i >= 0).Select(i => run.Envelopes[i]));
        try
        {
            foreach (var level in new[] { ComparisonLevel.View, ComparisonLevel.State })
            {
                var incremental = region.At(level);
                var again = rebuilt.At(level);
                if (!again.Equals(incremental)) return $"at the {level.ToString().ToLowerInvariant()} level: " + incremental.DiffTo(again).Describe();
            }
            return null;
        }
        finally
        {
            rebuilt.Store.Dispose();
        }
    }
}
