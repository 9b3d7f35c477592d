using System.Globalization;
using Convergence.Cluster.CouchDb;
using Convergence.Cluster.Replicas;
using Convergence.Cluster.Toxiproxy;
using Convergence.Simulator.Network;

namespace Convergence.Cluster.Live;

/// <summary>
/// The fault proxies of a run, one per directed link <c>a->b</c> (upstream: b's server), and the operations faults
/// need on them: disable and enable by reference count (overlapping faults on one link), add and remove toxics.
/// </summary>
internal sealed class LinkProxies
{
    private readonly ToxiproxyClient _client;
    private readonly LiveLink[] _links;

    private LinkProxies(ToxiproxyClient client, LiveLink[] links)
    {
        _client = client;
        _links = links;
    }

    public IReadOnlyList<LiveLink> Links => _links;

    /// <summary>
    /// Creates a proxy and a replication document for every link (an existing proxy of that name is replaced); the
    /// document targets the proxy unless <paramref name="throughProxies"/> is false.
    /// </summary>
    public static async Task<LinkProxies> CreateAsync(
        ToxiproxyClient client, IReadOnlyList<LiveRegion> regions, IReadOnlyList<ReplicationLink> links, bool throughProxies,
        CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? replicationFields = null)
    {
        var created = new List<LiveLink>();
        foreach (var link in links)
        {
            var source = regions[link.From];
            var target = regions[link.To];
            var name = $"{source.Id.Value}->{target.Id.Value}";
            var upstream = $"{target.Server.BaseUri.Host}:{target.Server.BaseUri.Port.ToString(CultureInfo.InvariantCulture)}";
            var spec = new Proxy { Name = name, Upstream = upstream, Listen = "127.0.0.1:0" };
            Proxy proxy;
            try
            {
                proxy = await client.AddAsync(spec, cancellationToken).ConfigureAwait(false);
            }
            catch (ToxiproxyException exception) when (exception.StatusCode == System.Net.HttpStatusCode.Conflict)
            {
                // Left over from an earlier run against the same Toxiproxy: its upstream is stale.
                await client.DeleteAsync(name, cancellationToken).ConfigureAwait(false);
                proxy = await client.AddAsync(spec, cancellationToken).ConfigureAwait(false);
            }

            var targetEndpoint = throughProxies
                ? ReplicationEndpoint.FromUri(new Uri($"http://{proxy.Listen}/{Uri.EscapeDataString(target.Server.DatabaseName)}"), target.Server.Credentials)
                : target.Server.ToReplicationEndpoint();
            // pouchdb-server can read its own database in-process; over HTTP it serves the replicator's requests to itself too.
            var sourceEndpoint = source.Server is EmbeddedReplicaServer
                ? ReplicationEndpoint.FromLocalName(source.Server.DatabaseName)
                : source.Server.ToReplicationEndpoint();
            // The document lives on the source's server: that server reads it, so its dialect decides how credentials travel.
            var replication = new ReplicationDocument(
                source.Namespace.ReplicationId(source.Id.Value, target.Id.Value), sourceEndpoint, targetEndpoint)
            {
                CredentialStyle = source.Traits.CredentialStyle,
                ExtraFields = replicationFields ?? new Dictionary<string, string>(),
            };
            created.Add(new LiveLink(link.From, link.To, name, proxy, replication));
        }

        return new LinkProxies(client, created.ToArray());
    }

    /// <summary>The links between a and b, both directions (those the topology has).</summary>
    public IEnumerable<LiveLink> Pair(int a, int b) => _links.Where(l => (l.From == a && l.To == b) || (l.From == b && l.To == a));

    public IEnumerable<LiveLink> Touching(int region) => _links.Where(l => l.From == region || l.To == region);

    public IEnumerable<LiveLink> Directed(int from, int to) => _links.Where(l => l.From == from && l.To == to);

    public Task SetEnabledAsync(LiveLink link, bool enabled, CancellationToken cancellationToken) =>
        link.Proxy.SetEnabledAsync(enabled, cancellationToken);

    public Task AddToxicAsync(LiveLink link, Toxic toxic, CancellationToken cancellationToken) =>
        _client.AddToxicAsync(link.Name, toxic, cancellationToken);

    public async Task RemoveToxicAsync(LiveLink link, string toxicName, CancellationToken cancellationToken)
    {
        try
        {
            await _client.RemoveToxicAsync(link.Name, toxicName, cancellationToken).ConfigureAwait(false);
        }
        catch (ToxiproxyException exception) when (exception.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            // Already gone: a heal is idempotent.
        }
    }

    /// <summary>Removes the run's proxies (on an external Toxiproxy they would otherwise outlive the run).</summary>
    public async Task DeleteAllAsync(CancellationToken cancellationToken)
    {
        foreach (var link in _links)
        {
            try
            {
                await _client.DeleteAsync(link.Name, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is ToxiproxyException or HttpRequestException or OperationCanceledException)
            {
                // Best effort at shutdown.
            }
        }
    }
}
