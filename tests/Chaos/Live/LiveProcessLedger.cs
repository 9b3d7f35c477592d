using System.Collections.Concurrent;
using Convergence.Chaos.Tests.Support;
using Convergence.Cluster.Live;
using Xunit;

namespace Convergence.Chaos.Tests.Live;

/// <summary>
/// Remembers every live cluster the collection's tests create; when the collection ends, every server process any of
/// them started must be gone (a failure here fails the run: xunit reports a fixture that cannot be disposed).
/// </summary>
public sealed class LiveProcessLedger : IAsyncLifetime
{
    private readonly ConcurrentBag<LiveCluster> _clusters = [];

    public LiveCluster Track(LiveCluster cluster)
    {
        _clusters.Add(cluster);
        return cluster;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        var started = _clusters.SelectMany(c => c.ProcessIds).ToArray();
        var alive = started.Where(ProcessProbe.IsAlive).ToArray();
        // Clusters on shared servers (reached by URL) start no process; the others must have reported theirs.
        if (started.Length == 0 && _clusters.Any(c => !c.UsesSharedServers)) throw new InvalidOperationException("the live clusters reported no server process at all");
        if (alive.Length > 0) throw new InvalidOperationException($"pouchdb-server processes outlived the live tests: {string.Join(", ", alive)}");
        return Task.CompletedTask;
    }
}
