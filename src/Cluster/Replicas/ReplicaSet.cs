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

    /// <summary>
    /// Starts one owned server per region in parallel, then creates the region databases. If any
    /// start fails, the ones that did start are stopped before the failure is rethrown: no process
    /// or container outlives a failed start.
    /// </summary>
    public static async Task<ReplicaSet> StartOwnedAsync<TServer>(
        IReadOnlyList<string> regions, Func<string, CancellationToken, Task<TServer>> start, CancellationToken cancellationToken)
        where TServer : IReplicaServer, IAsyncDisposable
    {
        ReplicaNaming.ValidateAll(regions);
        var starts = regions.Select(region => start(region, cancellationToken)).ToList();
        try
        {
            await Task.WhenAll(starts).ConfigureAwait(false);
        }
        catch
        {
            foreach (var started in starts.Where(task => task.IsCompletedSuccessfully))
            {
                await (await started.ConfigureAwait(false)).DisposeAsync().ConfigureAwait(false);
            }
            throw;
        }

        var servers = new List<TServer>(starts.Count);
        foreach (var started in starts) servers.Add(await started.ConfigureAwait(false));
        var set = new ReplicaSet(servers.Cast<IReplicaServer>().ToList(), servers.Cast<IAsyncDisposable>().ToList());
        try
        {
            await ReplicaDatabases.EnsureCreatedAsync(set, cancellationToken).ConfigureAwait(false);
            return set;
        }
        catch
        {
            await set.DisposeAsync().ConfigureAwait(false);
            throw;
        }
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
