using Convergence.Simulator.Runs;

namespace Convergence.Simulator.Checks;

/// <summary>
/// L0 event identity: every event id names exactly one body in every region (no projector was
/// delivered a second, different body under a known id), and no event document was edited,
/// deleted or in conflict. The design's "we only append, so replication never conflicts" is
/// checked here, not assumed.
/// </summary>
public static class EventIdentityCheck
{
    private const int MaxExamples = 5;

    public static LawVerdict Check(RunRecord run)
    {
        var problems = new List<string>();
        foreach (var region in run.Regions)
        {
            if (region.IdentityConflicts.Count > 0)
            {
                problems.Add($"{region.Region}: {region.IdentityConflicts.Count} ids delivered with a second body, e.g. " +
                             string.Join("; ", region.IdentityConflicts.Take(MaxExamples)));
            }
            foreach (var kind in region.LogAnomalies.GroupBy(a => a.Kind))
            {
                problems.Add($"{region.Region}: {kind.Count()} event documents {kind.Key.ToString().ToLowerInvariant()}, e.g. " +
                             string.Join("; ", kind.Take(MaxExamples)));
            }
        }
        return problems.Count == 0
            ? new LawVerdict("L0", "event identity", true,
                $"every event id named one body in all {run.Regions.Count} regions; no event document edited, deleted or in conflict")
            : new LawVerdict("L0", "event identity", false, string.Join("\n", problems));
    }
}
