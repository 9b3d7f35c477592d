using Convergence.Domain.Workload;
using Convergence.Simulator.Network;

namespace Convergence.Simulator.Simulation;

/// <summary>
/// One continuous replication From→To: ships the source log in batches, up to
/// <see cref="SimulationOptions.BatchesInFlight"/> at once (CouchDB's replicator runs several
/// workers, so batches may land out of order), and retries with backoff when the network refuses.
/// </summary>
internal sealed class SimLink
{
    public SimLink(int index, int from, int to, int slots, IRandomSource random)
    {
        Index = index;
        From = from;
        To = to;
        Backoff = new RetryBackoff(random);
        SlotStart = new int[slots];
        SlotCount = new int[slots];
    }

    public int Index { get; }

    public int From { get; }

    public int To { get; }

    public RetryBackoff Backoff { get; }

    /// <summary>Partitions, isolations and flapping-down states currently blocking this link.</summary>
    public int Blocked;

    /// <summary>Next source-log position to put in a batch.</summary>
    public int NextToSend;

    /// <summary>Position below which every batch has been delivered (what a checkpoint records).</summary>
    public int Cursor;

    public int CheckpointCursor;

    public long CheckpointAtUs;

    /// <summary>Batches in flight, by slot: start in the source log and size (0 = free slot).</summary>
    public readonly int[] SlotStart;

    public readonly int[] SlotCount;

    public int Active;

    public bool InBackoff;

    public long RetryAtUs;

    /// <summary>Bumped whenever the connection dies: whatever was in flight or scheduled is dropped.</summary>
    public int Generation;

    /// <summary>Latency faults on this link, the most recent last; the scenario's default when empty.</summary>
    public List<(int FaultId, LatencyDistribution Latency)> LatencyFaults { get; } = [];

    /// <summary>The delivered prefix: up to the oldest batch still in flight, else everything sent.</summary>
    public void RecomputeCursor()
    {
        var cursor = NextToSend;
        for (var s = 0; s < SlotCount.Length; s++) if (SlotCount[s] > 0 && SlotStart[s] < cursor) cursor = SlotStart[s];
        Cursor = cursor;
    }

    /// <summary>Drops every batch in flight; sending resumes from <paramref name="position"/>.</summary>
    public void Reset(int position)
    {
        Generation++;
        Array.Clear(SlotCount);
        Active = 0;
        NextToSend = position;
        Cursor = position;
    }
}
