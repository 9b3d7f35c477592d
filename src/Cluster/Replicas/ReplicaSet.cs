using System.Collections;

namespace Convergence.Cluster.Replicas;

/// <summary>The servers of a run, one per region, in region order; disposing it stops every server that was started for it.</summary>
public sealed class ReplicaSet : IReadOnlyList<IReplicaServer>, IAsyncDisposable
{
    private readonly IReadOnlyList<IReplicaServer> _servers;
    private readonly IReadOnlyList<IAsyncDisposable> _owned;
    private int _disposed;

    /// <param name="servers">One server per region.</param>
    /// <param name="owned">What disposing the set must stop (launched servers, containers); external servers own nothing.</param>
    public ReplicaSet(IReadOnlyList<IReplicaServer> servers, IReadOnlyList<IAsyncDisposable> owned)
    {
        ArgumentNullException.ThrowIfNull(servers);
        ArgumentNullException.ThrowIfNull(owned);
        _servers = servers;
        _owned = owned;
    }

    public int Count => _servers.Count;

    public IReplicaServer this[int index] => _servers[index];

    /// <summary>The server of a region by name.</summary>
    public IReplicaServer this[string region] =>
        _servers.FirstOrDefault(server => server.Name == region)
        ?? throw new KeyNotFoundException($"No replica server for region '{region}'.");

    public IEnumerator<IReplicaServer> GetEnumerator() => _servers.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Stops everything the set owns, all of it even when one fails (the first failure is rethrown after).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        var failures = new List<Exception>();
        await Task.WhenAll(_owned.Select(async owned =>
        {
            try
            {
                await owned.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                lock (failures)
                {
                    failures.Add(exception);
                }
            }
        })).ConfigureAwait(false);

        if (failures.Count > 0)
        {
            throw new AggregateException("Stopping the replica set failed.", failures);
        }
    }
}
