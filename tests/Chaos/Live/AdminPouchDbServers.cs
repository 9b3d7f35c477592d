using System.Text;
using System.Text.Json;
using Convergence.Chaos.Tests.Support;
using Convergence.Cluster.CouchDb;
using Convergence.Cluster.Replicas;
using Xunit;

namespace Convergence.Chaos.Tests.Live;

/// <summary>
/// Three pouchdb-servers the tests reach only by URL, as a user reaches shared servers: each has a server admin (so
/// "admin party" is over and every request needs the credentials), and several runs use them one after another.
/// </summary>
public sealed class AdminPouchDbServers : IAsyncLifetime
{
    private readonly TestRunDirectory _run = new();
    private ReplicaSet? _servers;

    /// <summary>The admin's password: random per fixture, so a search for it cannot hit anything by chance.</summary>
    public CouchCredentials Credentials { get; } = new("admin", "pw-" + Guid.NewGuid().ToString("N")[..20]);

    public IReadOnlyList<Uri> Urls => _servers?.Select(s => s.BaseUri).ToArray() ?? throw new InvalidOperationException("not started");

    /// <summary>The server processes' own folders (their config holds the admin's hash): not part of any run's folder.</summary>
    public string ServerDirectory => _run.Path;

    public async Task InitializeAsync()
    {
        _servers = await new EmbeddedReplicaProvider(new EmbeddedReplicaOptions(_run.Path)).StartAsync(["s1", "s2", "s3"]);
        foreach (var server in _servers)
        {
            // pouchdb-server keeps admins in /_config like CouchDB 1.x; from then on it asks for credentials.
            using var http = new HttpClient { BaseAddress = server.BaseUri };
            using var content = new StringContent(JsonSerializer.Serialize(Credentials.Password), Encoding.UTF8, "application/json");
            (await http.PutAsync($"_config/admins/{Credentials.UserName}", content)).EnsureSuccessStatusCode();
        }
    }

    public async Task DisposeAsync()
    {
        if (_servers is not null) await _servers.DisposeAsync();
        _run.Dispose();
    }

    /// <summary>Every database and document under <paramref name="prefix"/> on the servers, as "server db/doc" lines.</summary>
    public async Task<IReadOnlyList<string>> NamesUnderAsync(string prefix)
    {
        var found = new List<string>();
        foreach (var url in Urls)
        {
            using var client = new CouchClient(url, Credentials);
            found.AddRange((await client.GetDatabaseNamesAsync()).Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Select(n => $"{url} {n}"));
            var replicator = await client.GetDatabase(CouchReplicator.DatabaseName).GetAllDocsAsync(new AllDocsQuery());
            found.AddRange(replicator.Rows.Where(r => r.Id!.StartsWith(prefix, StringComparison.Ordinal)).Select(r => $"{url} _replicator/{r.Id}"));
        }

        return found;
    }

    /// <summary>Every document of every database on the servers, as raw JSON (to search for a secret).</summary>
    public async Task<string> EverythingStoredAsync()
    {
        var text = new StringBuilder();
        foreach (var url in Urls)
        {
            using var client = new CouchClient(url, Credentials);
            foreach (var name in await client.GetDatabaseNamesAsync())
            {
                var rows = await client.GetDatabase(name).GetAllDocsAsync(new AllDocsQuery { IncludeDocs = true });
                foreach (var row in rows.Rows) text.Append(name).Append(' ').Append(row.Document?.GetRawText()).Append('\n');
            }
        }

        return text.ToString();
    }
}
