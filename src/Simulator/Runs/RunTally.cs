namespace Convergence.Simulator.Runs;

/// <summary>
/// Running counts of a run in progress (per region: appended, applied, lag of the latest first apply; the open faults),
/// readable from another thread while the engine records — so a live display never takes the recorder's lock or
/// copies its arrays. Written only by <see cref="RunRecorder"/>, which engines already call one at a time.
/// </summary>
public sealed class RunTally
{
    private readonly long[] _appended;
    private readonly long[] _applied;
    private readonly long[] _lastLagUs;
    private IReadOnlyList<string> _activeFaults = [];

    internal RunTally(int regionCount)
    {
        _appended = new long[regionCount];
        _applied = new long[regionCount];
        _lastLagUs = new long[regionCount];
        Array.Fill(_lastLagUs, -1);
    }

    public int RegionCount => _appended.Length;

    /// <summary>Events appended with <paramref name="region"/> as origin.</summary>
    public long AppendedIn(int region) => Volatile.Read(ref _appended[region]);

    /// <summary>Distinct events (its own included) the region's projector has applied at least once.</summary>
    public long AppliedIn(int region) => Volatile.Read(ref _applied[region]);

    /// <summary>The lag of the event the region applied most recently for the first time, or null before any.</summary>
    public TimeSpan? LastLag(int region)
    {
        var us = Volatile.Read(ref _lastLagUs[region]);
        return us < 0 ? null : TimeSpan.FromTicks(us * TimeSpan.TicksPerMicrosecond);
    }

    /// <summary>The faults started and not yet healed, as text.</summary>
    public IReadOnlyList<string> ActiveFaults => Volatile.Read(ref _activeFaults);

    internal void RecordAppend(int origin) => Interlocked.Increment(ref _appended[origin]);

    internal void RecordFirstApply(int region, long lagUs)
    {
        Interlocked.Increment(ref _applied[region]);
        Volatile.Write(ref _lastLagUs[region], lagUs);
    }

    internal void SetActiveFaults(IReadOnlyList<string> faults) => Volatile.Write(ref _activeFaults, faults);
}
