using Convergence.Domain.Clock;
using Convergence.Domain.Identity;
using Convergence.Domain.Modules;
using Convergence.Domain.Projection;
using Convergence.Domain.Workload;

namespace Convergence.Simulator.Simulation;

/// <summary>
/// One simulated region: its append-only log in its own arrival order (deduplicated on event id,
/// as a CouchDB database is on <c>_id</c>), its clock, and the projector following the log.
/// </summary>
internal sealed class SimRegion
{
    private bool[] _has;

    public SimRegion(int index, RegionId id, DomainCatalog catalog, int capacity)
    {
        Index = index;
        Id = id;
        Events = new IdAllocator(id);
        Model = new ReadModel(catalog);
        CheckpointModel = Model.Clone();
        _has = new bool[capacity];
        Log = new int[capacity];
    }

    public int Index { get; }

    public RegionId Id { get; }

    public HybridLogicalClock Clock { get; } = new();

    /// <summary>Allocates event ids (<c>eu-17</c>); separate from the clients' entity ids.</summary>
    public IdAllocator Events { get; }

    /// <summary>The log: indices of recorded events in arrival order.</summary>
    public int[] Log;

    public int LogLength;

    public List<int> Outgoing { get; } = [];

    public List<int> Incoming { get; } = [];

    /// <summary>Replica restarts in progress: while above zero no replication touches this region.</summary>
    public int ReplicationStopped;

    // The projector.
    public ReadModel Model;
    public int Position;

    /// <summary>Every event the projector folded, repeats after a crash included (the model's own count restarts with its snapshot).</summary>
    public long Deliveries;
    /// <summary>Crashes in progress (overlapping crash faults each hold the projector down until cleared).</summary>
    public int Crashes;

    public bool ProjectorDown => Crashes > 0;
    public bool WakeScheduled;
    public int ProjectorGeneration;
    public int CheckpointPosition;

    /// <summary>The last digest computed and the delivery count it was computed at (-1: stale), so
    /// samples of a region that applied nothing since (a quiet liveness phase) cost nothing.</summary>
    public string CachedDigest = "";
    public long CachedDigestAt = -1;
    public ReadModel CheckpointModel;
    public long CheckpointAtUs;

    public bool Contains(int eventIndex) => eventIndex < _has.Length && _has[eventIndex];

    /// <summary>Adds the event unless the log already holds it; true when added. Replication calls it for
    /// every event it ships (most are already there), so the common path stays small enough to inline.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public bool TryAppend(int eventIndex)
    {
        var has = _has;
        if ((uint)eventIndex < (uint)has.Length)
        {
            if (has[eventIndex]) return false;
            if (LogLength < Log.Length)
            {
                has[eventIndex] = true;
                Log[LogLength++] = eventIndex;
                return true;
            }
        }
        return AppendGrowing(eventIndex);
    }

    private bool AppendGrowing(int eventIndex)
    {
        if (eventIndex >= _has.Length) Array.Resize(ref _has, Math.Max(_has.Length * 2, eventIndex + 1));
        if (_has[eventIndex]) return false;
        _has[eventIndex] = true;
        if (LogLength == Log.Length) Array.Resize(ref Log, Log.Length * 2);
        Log[LogLength++] = eventIndex;
        return true;
    }
}
