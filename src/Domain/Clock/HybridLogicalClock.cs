namespace Convergence.Domain.Clock;

/// <summary>
/// One region's hybrid logical clock (Kulkarni et al.). The physical time is passed in, never
/// read here, so the simulator can drive it with virtual time.
/// </summary>
/// <remarks>
/// Two edge cases are bounded rather than trusted:
/// <list type="bullet">
/// <item>The logical counter never wraps: when it is at <see cref="int.MaxValue"/> the next reading
/// advances the physical part by 1 ms and restarts the counter at 0, so every reading still sorts
/// after the one before (a wrapped counter would be negative and sort before what it observed).</item>
/// <item>A remote reading more than <see cref="MaxDrift"/> ahead of the local physical time is
/// not followed: observing an event stamped in year 9999 would otherwise pin every later local
/// reading there for good. The event itself is unaffected (its stamp is data and still decides its
/// last-writer-wins contests); only this clock declines to jump, and the refusal is counted in
/// <see cref="DriftRejections"/>. Example: with a 5 min bound at physical time 1,000 ms, observing
/// 301,000 ms is followed, observing 301,001 ms is refused.</item>
/// </list>
/// </remarks>
public sealed class HybridLogicalClock
{
    /// <summary>The default bound on how far ahead of local physical time a remote reading is followed.</summary>
    public static readonly TimeSpan DefaultMaxDrift = TimeSpan.FromMinutes(5);

    private HybridTimestamp _last = HybridTimestamp.Zero;

    public HybridLogicalClock()
        : this(DefaultMaxDrift)
    {
    }

    public HybridLogicalClock(TimeSpan maxDrift)
    {
        if (maxDrift < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(maxDrift), "a drift bound cannot be negative");
        MaxDrift = maxDrift;
    }

    public TimeSpan MaxDrift { get; }

    public HybridTimestamp Last => _last;

    /// <summary>How many remote readings were too far ahead to follow.</summary>
    public long DriftRejections { get; private set; }

    /// <summary>The timestamp of a local event happening at physical time <paramref name="physicalMs"/>.</summary>
    public HybridTimestamp Tick(long physicalMs)
    {
        _last = physicalMs > _last.WallMs ? new HybridTimestamp(physicalMs, 0) : Successor(_last.WallMs, _last.Counter);
        return _last;
    }

    /// <summary>
    /// Takes a remote timestamp into account so that later local events order after it — unless it
    /// is more than <see cref="MaxDrift"/> ahead of <paramref name="physicalMs"/>; returns false then.
    /// </summary>
    public bool Observe(HybridTimestamp remote, long physicalMs)
    {
        if (remote.WallMs > physicalMs && remote.WallMs - physicalMs > (long)MaxDrift.TotalMilliseconds)
        {
            DriftRejections++;
            return false;
        }
        var wall = Math.Max(Math.Max(_last.WallMs, remote.WallMs), physicalMs);
        if (wall == _last.WallMs && wall == remote.WallMs) _last = Successor(wall, Math.Max(_last.Counter, remote.Counter));
        else if (wall == _last.WallMs) _last = Successor(wall, _last.Counter);
        else if (wall == remote.WallMs) _last = Successor(wall, remote.Counter);
        else _last = new HybridTimestamp(wall, 0);
        return true;
    }

    private static HybridTimestamp Successor(long wallMs, int counter) =>
        counter == int.MaxValue ? new HybridTimestamp(wallMs + 1, 0) : new HybridTimestamp(wallMs, counter + 1);
}
