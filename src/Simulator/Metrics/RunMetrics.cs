using Convergence.Simulator.Runs;

namespace Convergence.Simulator.Metrics;

/// <summary>The measurements of a run, computed from its engine-neutral record alone.</summary>
public sealed record RunMetrics(
    IReadOnlyList<RegionLag> Regions,
    IReadOnlyList<PairLag> Pairs,
    LagQuantiles Overall,
    IReadOnlyList<DivergenceWindow> DivergenceWindows,
    IReadOnlyList<HealConvergence> Heals,
    long? ConvergedAfterLastHealUs)
{
    public static RunMetrics From(RunRecord run)
    {
        var n = run.EventCount;
        var regions = run.Scenario.Regions;
        var pairBuffers = new List<long>[regions.Count, regions.Count];
        var all = new List<long>(n * Math.Max(1, regions.Count - 1));
        var regionLags = new List<RegionLag>();
        var appended = new long[regions.Count];
        for (var i = 0; i < n; i++) appended[run.OriginOf(i)]++;

        for (var r = 0; r < run.RegionCount; r++)
        {
            var lags = new List<long>(n);
            long applied = 0;
            var first = run.FirstApplies(r);
            for (var o = 0; o < regions.Count; o++) pairBuffers[o, r] = [];
            for (var i = 0; i < n; i++)
            {
                if (first[i] < 0) continue;
                applied++;
                var origin = run.OriginOf(i);
                if (origin == r) continue;
                var lag = first[i] - run.AppendedAtUs(i);
                lags.Add(lag);
                pairBuffers[origin, r].Add(lag);
            }
            all.AddRange(lags);
            var snapshot = r < run.Regions.Count ? run.Regions[r] : null;
            regionLags.Add(new RegionLag(regions[r].Value, appended[r], applied, snapshot?.Deliveries ?? 0,
                LagQuantiles.FromMicroseconds(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(lags)),
                snapshot?.View.Digest ?? ""));
        }

        var pairs = new List<PairLag>();
        for (var o = 0; o < regions.Count; o++)
        {
            for (var r = 0; r < regions.Count; r++)
            {
                if (o == r) continue;
                pairs.Add(new PairLag(regions[o].Value, regions[r].Value,
                    LagQuantiles.FromMicroseconds(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(pairBuffers[o, r]))));
            }
        }

        var heals = HealTimes(run);
        var last = heals.LastOrDefault(h => h.IsFinal) ?? heals.LastOrDefault();
        return new RunMetrics(regionLags, pairs, LagQuantiles.FromMicroseconds(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(all)),
            Windows(run), heals, last?.ConvergedAfterUs);
    }

    private static List<DivergenceWindow> Windows(RunRecord run)
    {
        var windows = new List<DivergenceWindow>();
        long? open = null;
        foreach (var sample in run.DigestSamples)
        {
            if (!sample.AllEqual && open is null) open = sample.AtUs;
            else if (sample.AllEqual && open is { } start)
            {
                windows.Add(new DivergenceWindow(start, sample.AtUs));
                open = null;
            }
        }
        if (open is { } still) windows.Add(new DivergenceWindow(still, null));
        return windows;
    }

    private static List<HealConvergence> HealTimes(RunRecord run)
    {
        // Latest first apply over all regions of each prefix of the appends (append order = time order); -1 once any is missing.
        var n = run.EventCount;
        var prefixLatest = new long[n];
        var latest = 0L;
        for (var i = 0; i < n; i++)
        {
            if (latest >= 0)
            {
                for (var r = 0; r < run.RegionCount; r++)
                {
                    var applied = run.FirstApplyUs(r, i);
                    if (applied < 0) { latest = -1; break; }
                    latest = Math.Max(latest, applied);
                }
            }
            prefixLatest[i] = latest;
        }
        var result = new List<HealConvergence>();
        foreach (var heal in run.Heals)
        {
            var count = 0;
            int lo = 0, hi = n;
            while (lo < hi)
            {
                var mid = (lo + hi) / 2;
                if (run.AppendedAtUs(mid) <= heal.AtUs) lo = mid + 1;
                else hi = mid;
            }
            count = lo;
            long? after = count == 0 ? 0 : prefixLatest[count - 1] < 0 ? null : Math.Max(0, prefixLatest[count - 1] - heal.AtUs);
            result.Add(new HealConvergence(heal.AtUs, heal.What, heal.IsFinal, after));
        }
        return result;
    }
}
