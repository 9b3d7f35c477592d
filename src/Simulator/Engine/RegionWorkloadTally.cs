using System.Globalization;
using Convergence.Domain.Identity;
using Convergence.Simulator.Runs;

namespace Convergence.Simulator.Engine;

/// <summary>
/// What one region's open-loop clients did against their schedule: actions due, appends sent and stored, actions
/// skipped because the region already had its bound of appends in flight, actions that proposed nothing, and how late
/// the loop woke for its actions. Written to the run record as <c>workload.&lt;region&gt;.*</c> counters.
/// </summary>
internal sealed class RegionWorkloadTally(RegionId region)
{
    private long _due;
    private long _stored;
    private long _skipped;
    private long _noProposal;
    private long _lateOverSecond;
    private long _maxLateUs;

    public RegionId Region { get; } = region;

    public void Due() => Interlocked.Increment(ref _due);

    public void Stored(int count) => Interlocked.Add(ref _stored, count);

    public void Skipped(int count) => Interlocked.Add(ref _skipped, count);

    public void NoProposal() => Interlocked.Increment(ref _noProposal);

    /// <summary>The loop woke <paramref name="lateUs"/> after the action's scheduled instant (a busy machine).</summary>
    public void Late(long lateUs)
    {
        if (lateUs > 1_000_000) Interlocked.Increment(ref _lateOverSecond);
        long seen;
        while (lateUs > (seen = Interlocked.Read(ref _maxLateUs)) && Interlocked.CompareExchange(ref _maxLateUs, lateUs, seen) != seen)
        {
        }
    }

    /// <summary>Counter names the reports read back (see <c>WorkloadRates</c> in the CLI).</summary>
    public static string Counter(RegionId region, string what) => string.Create(CultureInfo.InvariantCulture, $"workload.{region.Value}.{what}");

    public void WriteTo(RunRecorder recorder)
    {
        recorder.Count(Counter(Region, "due"), Interlocked.Read(ref _due));
        recorder.Count(Counter(Region, "stored"), Interlocked.Read(ref _stored));
        recorder.Count(Counter(Region, "skipped-in-flight-full"), Interlocked.Read(ref _skipped));
        recorder.Count(Counter(Region, "no-proposal"), Interlocked.Read(ref _noProposal));
        recorder.Count(Counter(Region, "late-over-1s"), Interlocked.Read(ref _lateOverSecond));
        recorder.Count(Counter(Region, "max-late-ms"), Interlocked.Read(ref _maxLateUs) / 1000);
    }
}
