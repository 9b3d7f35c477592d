namespace Convergence.Simulator.Simulation;

/// <summary>What happens at one instant of virtual time; a struct so the queue does not allocate per event.</summary>
internal readonly record struct SimEvent(SimEventKind Kind, int Target, int Generation, int Slot = 0);

/// <summary>The kinds of <see cref="SimEvent"/>.</summary>
internal enum SimEventKind : byte
{
    /// <summary>A replication batch reaches its target (Target = link).</summary>
    Deliver,

    /// <summary>A failed replication retries (Target = link).</summary>
    Retry,

    /// <summary>A projector reads its log's new entries (Target = region).</summary>
    ProjectorWake,

    /// <summary>A flapping link changes state (Target = fault id).</summary>
    FlapToggle,

    /// <summary>The periodic digest sample.</summary>
    DigestSample,
}

/// <summary>Queue order: virtual time, then insertion order, so equal times replay identically.</summary>
internal readonly record struct SimKey(long TimeUs, long Sequence) : IComparable<SimKey>
{
    public int CompareTo(SimKey other) => TimeUs != other.TimeUs ? TimeUs.CompareTo(other.TimeUs) : Sequence.CompareTo(other.Sequence);
}
