namespace Convergence.Cluster.Replicas;

/// <summary>Provides one replica server per region: embedded pouchdb-server processes, external URLs or Docker containers.</summary>
public interface IReplicaProvider
{
    /// <summary>
    /// Starts (or connects to) a server for each region, waits until each answers and its region database exists.
    /// Dispose the returned set to stop whatever was started.
    /// </summary>
    Task<ReplicaSet> StartAsync(IReadOnlyList<string> regions, CancellationToken cancellationToken = default);
}
