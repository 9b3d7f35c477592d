using Convergence.Simulator.Runs;

namespace Convergence.Simulator.Checks;

/// <summary>L5 no loss: at quiescence every appended event is in every region's log exactly once and applied by its projector.</summary>
public static class NoLossCheck
{
    private const int MaxExamples = 5;

    public static IReadOnlyList<RegionLoss> Classify(RunRecord run)
    {
        var losses = new List<RegionLoss>();
        var occurrences = new int[run.EventCount];
        for (var r = 0; r < run.Regions.Count; r++)
        {
            var region = run.Regions[r];
            Array.Clear(occurrences);
            var unknown = 0;
            foreach (var index in region.Log)
            {
                if (index < 0 || index >= occurrences.Length) unknown++;
                else occurrences[index]++;
            }
            int lost = 0, duplicated = 0, neverApplied = 0;
            var examples = new List<string>();
            for (var i = 0; i < occurrences.Length; i++)
            {
                var what = occurrences[i] switch
                {
                    0 => "lost",
                    > 1 => "duplicated",
                    _ => run.ApplyCount(r, i) == 0 ? "never applied" : null,
                };
                if (what is null) continue;
                if (what == "lost") lost++;
                else if (what == "duplicated") duplicated++;
                else neverApplied++;
                if (examples.Count < MaxExamples) examples.Add($"{run.Envelopes[i].Id} {what}");
            }
            losses.Add(new RegionLoss(region.Region.Value, lost, duplicated, neverApplied, unknown, examples));
        }
        return losses;
    }

    public static LawVerdict Check(RunRecord run, IReadOnlyList<RegionLoss> losses)
    {
        var bad = losses.Where(l => !l.IsClean).ToArray();
        if (run.Regions.Count == 0) return new LawVerdict("L5", "no loss", false, "no region could be read");
        if (bad.Length == 0)
            return new LawVerdict("L5", "no loss", true, $"all {run.EventCount} events once in each of {losses.Count} logs and applied");
        var lines = bad.Select(l =>
            $"{l.Region}: lost {l.Lost}, duplicated {l.Duplicated}, never applied {l.NeverApplied} (e.g. {string.Join(", ", l.Examples)})");
        return new LawVerdict("L5", "no loss", false, string.Join("\n", lines));
    }
}
