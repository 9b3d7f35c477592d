using Convergence.Cluster.CouchDb;

namespace Convergence.Cluster.Live;

/// <summary>
/// Removes what a run stored on servers it shares with others: every replication document of its links (they point at
/// proxies that die with the run and hold the credentials) and, unless kept, its databases. Only names the run's
/// <see cref="Replicas.RunNamespace"/> owns are touched. Best effort: a server that does not answer is reported, not fatal.
/// </summary>
internal static class SharedServerCleanup
{
    /// <summary>What was removed, and what could not be, in one line.</summary>
    public static async Task<string> RunAsync(
        IReadOnlyList<LiveRegion> regions, IReadOnlyList<LiveLink> links, bool keepDatabases, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var documents = 0;
        var databases = 0;
        foreach (var link in links)
        {
            var source = regions[link.From];
            if (!link.Stored || !source.IsShared || !source.Namespace.Owns(link.Replication.Id)) continue;
            try
            {
                if (await source.Client.Replicator.DeleteAsync(link.Replication.Id, cancellationToken).ConfigureAwait(false)) documents++;
            }
            catch (Exception exception) when (IsExpected(exception))
            {
                problems.Add($"replication document {link.Replication.Id} on {source.Server.BaseUri}: {exception.Message}");
            }
        }

        // A deleted document's earlier revision (with the credentials) stays in the file until compaction.
        foreach (var region in regions.Where(r => r.IsShared && links.Any(l => l.Stored && l.From == r.Index)).DistinctBy(r => r.Server.BaseUri.AbsoluteUri))
        {
            try
            {
                await region.Client.GetDatabase(CouchReplicator.DatabaseName).CompactAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (IsExpected(exception))
            {
                problems.Add($"compaction of _replicator on {region.Server.BaseUri}: {exception.Message}");
            }
        }

        if (!keepDatabases)
        {
            foreach (var region in regions.Where(r => r.IsShared && r.Namespace.Owns(r.Database.Name)).DistinctBy(r => r.Database.Uri.AbsoluteUri))
            {
                try
                {
                    await region.Client.DeleteDatabaseAsync(region.Database.Name, cancellationToken).ConfigureAwait(false);
                    databases++;
                }
                catch (CouchNotFoundException)
                {
                }
                catch (Exception exception) when (IsExpected(exception))
                {
                    problems.Add($"database {region.Database.Name} on {region.Server.BaseUri}: {exception.Message}");
                }
            }
        }

        var kept = keepDatabases ? regions.Count(r => r.IsShared) : 0;
        var line = $"shared servers: removed {documents} replication document(s) and {databases} database(s)" +
                   (kept > 0 ? $"; kept {kept} database(s) ({string.Join(", ", regions.Where(r => r.IsShared).Select(r => r.Database.Name))})" : "");
        return problems.Count == 0 ? line : line + "; NOT removed: " + string.Join("; ", problems);
    }

    private static bool IsExpected(Exception exception) =>
        exception is CouchException or HttpRequestException or IOException or TimeoutException or OperationCanceledException;
}
