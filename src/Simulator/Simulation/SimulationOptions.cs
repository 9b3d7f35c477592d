using Convergence.Simulator.Network;

namespace Convergence.Simulator.Simulation;

/// <summary>
/// Knobs of the simulated engine that a live engine does not have (they model what real replicas
/// do on their own). Validated once by the constructor.
/// </summary>
public sealed record SimulationOptions
{
    public SimulationOptions(
        int batchSize = 100,
        int batchesInFlight = 4,
        LatencyDistribution? projectorDelay = null,
        TimeSpan? projectorCheckpointInterval = null,
        TimeSpan? linkCheckpointInterval = null,
        bool sampleDigests = true)
    {
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), "a batch holds at least one event");
        BatchSize = batchSize;
        if (batchesInFlight < 1) throw new ArgumentOutOfRangeException(nameof(batchesInFlight), "at least one batch must be able to fly");
        BatchesInFlight = batchesInFlight;
        ProjectorDelay = projectorDelay ?? new LatencyDistribution(TimeSpan.FromMilliseconds(2), TimeSpan.FromMilliseconds(5));
        ProjectorCheckpointInterval = projectorCheckpointInterval ?? TimeSpan.FromSeconds(5);
        LinkCheckpointInterval = linkCheckpointInterval ?? TimeSpan.FromSeconds(5);
        if (ProjectorCheckpointInterval <= TimeSpan.Zero || LinkCheckpointInterval <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(projectorCheckpointInterval), "checkpoint intervals must be positive");
        SampleDigests = sampleDigests;
    }

    public static SimulationOptions Default { get; } = new();

    /// <summary>Events per replication batch: PouchDB reads <c>_changes</c> 100 at a time.</summary>
    public int BatchSize { get; }

    /// <summary>
    /// Batches one replication may have in flight at once. CouchDB's replicator runs 4 workers
    /// (<c>worker_processes</c>), so later batches can land before earlier ones and a comment can
    /// arrive before its post; 1 models PouchDB, which writes batch after batch (causal order).
    /// </summary>
    public int BatchesInFlight { get; }

    /// <summary>From an event landing in a log to the projector folding it (the <c>_changes</c> longpoll wake-up).</summary>
    public LatencyDistribution ProjectorDelay { get; }

    /// <summary>How often a projector snapshots (log position + read-model clone); a crash resumes from the last one.
    /// Snapshots are taken only in scenarios that crash projectors, since no other run can observe them.</summary>
    public TimeSpan ProjectorCheckpointInterval { get; }

    /// <summary>How often a replication records its position (CouchDB checkpoints periodically, so a restart re-sends).</summary>
    public TimeSpan LinkCheckpointInterval { get; }

    /// <summary>False turns off the timed digest samples (benchmarks): heals and the end still sample.</summary>
    public bool SampleDigests { get; }
}
