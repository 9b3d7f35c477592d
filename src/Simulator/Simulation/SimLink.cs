using Convergence.Domain.Workload;
using Convergence.Simulator.Network;

namespace Convergence.Simulator.Simulation;

/// <summary>
/// One continuous replication From→To: ships the source log from its cursor in batches, one
/// batch in flight at a time (as PouchDB writes batch after batch), and retries with backoff
/// when the network refuses.
/// </summary>
internal sealed class SimLink(int index, int from, int to, IRandomSource random)
{
    public int Index { get; } = index;

    public int From { get; } = from;

    public int To { get; } = to;

    public RetryBackoff Backoff { get; } = new(random);

    /// <summary>Partitions, isolations and flapping-down states currently blocking this link.</summary>
    public int Blocked;

    /// <summary>Position in the source log up to which the target has received everything.</summary>
    public int Cursor;

    public int CheckpointCursor;

    public long CheckpointAtUs;

    public bool InFlight;

    public int InFlightCount;

    public bool InBackoff;

    public long RetryAtUs;

    /// <summary>Bumped when a replica restart drops whatever this link had in flight or scheduled.</summary>
    public int Generation;

    /// <summary>Latency faults on this link, the most recent last; the scenario's default when empty.</summary>
    public List<(int FaultId, LatencyDistribution Latency)> LatencyFaults { get; } = [];
}
