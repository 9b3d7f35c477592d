using Convergence.Cluster.CouchDb;
using Convergence.Cluster.Replicas;
using Convergence.Domain.Clock;
using Convergence.Domain.Identity;

namespace Convergence.Cluster.Live;

/// <summary>
/// One region of a live run: its replica server and event database, its hybrid clock and event ids. Its
/// <see cref="Gate"/> guards the clock and the projector's state, which the projector's task, the appender and the
/// runner all touch.
/// </summary>
internal sealed class LiveRegion : IDisposable
{
    private long _nextEvent;

    public LiveRegion(int index, RegionId id, IReplicaServer server, RunNamespace runNamespace)
    {
        Namespace = runNamespace;
        Index = index;
        Id = id;
        Server = server;
        Client = new CouchClient(new CouchClientOptions(server.BaseUri) { Credentials = server.Credentials, OnRequest = Requests.Observe });
        Database = Client.GetDatabase(server.DatabaseName);
    }

    public int Index { get; }

    public RegionId Id { get; }

    public IReplicaServer Server { get; }

    public CouchClient Client { get; }

    /// <summary>Every request the harness sent this region's server through <see cref="Client"/>, by purpose.</summary>
    public HarnessRequestCounts Requests { get; } = new();

    public CouchDatabase Database { get; }

    public Lock Gate { get; } = new();

    /// <summary>Guarded by <see cref="Gate"/>.</summary>
    public HybridLogicalClock Clock { get; } = new();

    public RunNamespace Namespace { get; }

    /// <summary>What the server is and supports; read once at start.</summary>
    public ReplicaServerTraits Traits { get; set; } = new("unknown", ReplicationCredentialStyle.AuthorizationHeader, false);

    /// <summary>True when the server is one the run reaches by URL (shared, not started for it): the run cleans up after itself there.</summary>
    public bool IsShared => Server is ExternalReplicaServer;

    /// <summary>The next event id of the region, unique across runs (<c>eu-17.&lt;run&gt;</c>); under <see cref="Gate"/>.</summary>
    public EventId NextEventId() => new(Namespace.EventId(Id.Value, ++_nextEvent));

    /// <summary>Replica restarts in progress (the server is killed); appends wait in the outbox meanwhile.</summary>
    public volatile int ServerDown;

    public bool IsServerUp => ServerDown == 0;

    public void Dispose() => Client.Dispose();
}
