namespace Convergence.Domain.Clock;

/// <summary>
/// One region's hybrid logical clock (Kulkarni et al.). The physical time is passed in, never
/// read here, so the simulator can drive it with virtual time.
/// </summary>
public sealed class HybridLogicalClock
{
    private HybridTimestamp _last = HybridTimestamp.Zero;

    public HybridTimestamp Last => _last;

    /// <summary>The timestamp of a local event happening at physical time <paramref name="physicalMs"/>.</summary>
    public HybridTimestamp Tick(long physicalMs)
    {
        _last = physicalMs > _last.WallMs
            ? new HybridTimestamp(physicalMs, 0)
            : _last with { Counter = _last.Counter + 1 };
        return _last;
    }

    /// <summary>Takes a remote timestamp into account so that later local events order after it.</summary>
    public void Observe(HybridTimestamp remote, long physicalMs)
    {
        var wall = Math.Max(Math.Max(_last.WallMs, remote.WallMs), physicalMs);
        int counter;
        if (wall == _last.WallMs && wall == remote.WallMs) counter = Math.Max(_last.Counter, remote.Counter) + 1;
        else if (wall == _last.WallMs) counter = _last.Counter + 1;
        else if (wall == remote.WallMs) counter = remote.Counter + 1;
        else counter = 0;
        _last = new HybridTimestamp(wall, counter);
    }
}
