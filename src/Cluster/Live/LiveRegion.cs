using Convergence.Cluster.CouchDb;
using Convergence.Cluster.Replicas;
using Convergence.Domain.Clock;
using Convergence.Domain.Identity;
using Convergence.Domain.Workload;

namespace Convergence.Cluster.Live;

/// <summary>
/// One region of a live run: its replica server and event database, its hybrid clock and event ids. Its
/// <see cref="Gate"/> guards the clock and the projector's state, which the projector's task, the appender and the
/// runner all touch.
/// </summary>
internal sealed class LiveRegion : IDisposable
{
    public LiveRegion(int index, RegionId id, IReplicaServer server)
    {
        Index = index;
        Id = id;
        Server = server;
        Client = server.CreateClient();
        Database = Client.GetDatabase(server.DatabaseName);
        Events = new IdAllocator(id);
    }

    public int Index { get; }

    public RegionId Id { get; }

    public IReplicaServer Server { get; }

    public CouchClient Client { get; }

    public CouchDatabase Database { get; }

    public Lock Gate { get; } = new();

    /// <summary>Guarded by <see cref="Gate"/>.</summary>
    public HybridLogicalClock Clock { get; } = new();

    /// <summary>Event ids (<c>eu-17</c>); used by the runner's thread only.</summary>
    public IdAllocator Events { get; }

    /// <summary>Replica restarts in progress (the server is killed); appends wait in the outbox meanwhile.</summary>
    public volatile int ServerDown;

    public bool IsServerUp => ServerDown == 0;

    public void Dispose() => Client.Dispose();
}
