using System.Net;
using System.Text;
using Convergence.Chaos.Tests.Support;
using Convergence.Cluster.CouchDb;
using Convergence.Cluster.Replicas;
using Xunit;

namespace Convergence.Chaos.Tests.CouchDb;

[Collection(LiveReplicaCollection.Name)]
public sealed class CouchAuthenticationTests : IDisposable
{
    private readonly TestRunDirectory _run = new();

    private static CancellationToken Timeout => new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;

    public void Dispose() => _run.Dispose();

    [Fact]
    public async Task BasicAuth_RightAndWrongPassword_SucceedsOrThrowsUnauthorized()
    {
        await using var server = await EmbeddedReplicaServer.StartAsync("auth", new EmbeddedReplicaOptions(_run.Path), Timeout);
        // Leave "admin party": pouchdb-server keeps admins in /_config like CouchDB 1.x.
        using (var http = new HttpClient { BaseAddress = server.BaseUri })
        {
            using var content = new StringContent("\"pw\"", Encoding.UTF8, "application/json");
            (await http.PutAsync("_config/admins/admin", content, Timeout)).EnsureSuccessStatusCode();
        }

        using var admin = new CouchClient(server.BaseUri, new CouchCredentials("admin", "pw"));
        using var impostor = new CouchClient(server.BaseUri, new CouchCredentials("admin", "wrong"));

        var database = await admin.CreateDatabaseAsync("secured", Timeout);
        await database.PutDocumentAsync("e-1", Json.Event("e-1", 1), Timeout);
        var error = await Assert.ThrowsAsync<CouchUnauthorizedException>(() => impostor.CreateDatabaseAsync("other", Timeout));

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.Equal("unauthorized", error.Error);
        Assert.DoesNotContain("wrong", error.Message);
    }
}
