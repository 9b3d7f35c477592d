using Convergence.Simulator.Runs;

namespace Convergence.Simulator.Metrics;

/// <summary>
/// Lag over time, per region: at each instant t, the age of the oldest event appended (anywhere)
/// by t that the region has not applied by t, or 0. It rises while a partition holds events back
/// and falls when they arrive — the curve a lag plot should show.
/// </summary>
public static class StalenessSeries
{
    /// <summary>Samples every region at <paramref name="points"/> evenly spaced instants from 0 to the end of the run.</summary>
    public static (double[] TimesS, double[][] StalenessMs) Compute(RunRecord run, int points = 600)
    {
        var end = Math.Max(1, run.EndUs);
        var times = new double[points + 1];
        for (var k = 0; k <= points; k++) times[k] = end * (double)k / points / 1e6;
        var series = new double[run.RegionCount][];
        for (var r = 0; r < run.RegionCount; r++)
        {
            series[r] = new double[points + 1];
            // Min-heap of pending event indices (append order = time order); lazy removal of applied ones.
            var pending = new PriorityQueue<int, int>();
            var next = 0;
            for (var k = 0; k <= points; k++)
            {
                var t = (long)(end * (double)k / points);
                while (next < run.EventCount && run.AppendedAtUs(next) <= t)
                {
                    pending.Enqueue(next, next);
                    next++;
                }
                while (pending.TryPeek(out var oldest, out _))
                {
                    var applied = run.FirstApplyUs(r, oldest);
                    if (applied >= 0 && applied <= t) pending.Dequeue();
                    else break;
                }
                series[r][k] = pending.TryPeek(out var o, out _) ? (t - run.AppendedAtUs(o)) / 1000.0 : 0;
            }
        }
        return (times, series);
    }
}
