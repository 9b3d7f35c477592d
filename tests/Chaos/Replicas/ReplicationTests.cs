using Convergence.Chaos.Tests.Support;
using Convergence.Cluster.CouchDb;
using Convergence.Cluster.Replicas;
using Xunit;

namespace Convergence.Chaos.Tests.Replicas;

[Collection(LiveReplicaCollection.Name)]
public sealed class ReplicationTests : IDisposable
{
    private readonly TestRunDirectory _run = new();

    private static CancellationToken Timeout => new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;

    public void Dispose() => _run.Dispose();

    [Fact]
    public async Task ReplicatorDocuments_BothWays_CarryDocumentsBetweenServers()
    {
        await using var replicas = await new EmbeddedReplicaProvider(new EmbeddedReplicaOptions(_run.Path)).StartAsync(["eu", "us"], Timeout);
        var (eu, us) = (replicas["eu"], replicas["us"]);
        using var euClient = eu.CreateClient();
        using var usClient = us.CreateClient();
        var euEvents = euClient.GetDatabase(eu.DatabaseName);
        var usEvents = usClient.GetDatabase(us.DatabaseName);

        // Each server pushes its own database to the other, as the live topology does (source direct, target remote).
        await euClient.Replicator.PutAsync(new ReplicationDocument("eu-to-us", eu.ToReplicationEndpoint(), us.ToReplicationEndpoint()), Timeout);
        await usClient.Replicator.PutAsync(new ReplicationDocument("us-to-eu", us.ToReplicationEndpoint(), eu.ToReplicationEndpoint()), Timeout);

        await euEvents.PutDocumentAsync("from-eu", Json.Event("from-eu", 1), Timeout);
        await usEvents.PutDocumentAsync("from-us", Json.Event("from-us", 2), Timeout);

        await Eventually.TrueAsync(() => HasDocumentAsync(usEvents, "from-eu"), TimeSpan.FromSeconds(20), "eu's document reaches us");
        await Eventually.TrueAsync(() => HasDocumentAsync(euEvents, "from-us"), TimeSpan.FromSeconds(20), "us's document reaches eu");
        var state = await euClient.Replicator.GetAsync("eu-to-us", Timeout);
        Assert.NotNull(state);
        Assert.Equal(0, state.Raw.GetProperty("generation").GetInt32());
    }

    [Fact]
    public async Task RecreateAsync_StoppedReplication_ResumesWithNextGeneration()
    {
        await using var replicas = await new EmbeddedReplicaProvider(new EmbeddedReplicaOptions(_run.Path)).StartAsync(["eu", "us"], Timeout);
        var (eu, us) = (replicas["eu"], replicas["us"]);
        using var euClient = eu.CreateClient();
        using var usClient = us.CreateClient();
        var euEvents = euClient.GetDatabase(eu.DatabaseName);
        var usEvents = usClient.GetDatabase(us.DatabaseName);
        var replication = new ReplicationDocument("eu-to-us", eu.ToReplicationEndpoint(), us.ToReplicationEndpoint());
        await euClient.Replicator.PutAsync(replication, Timeout);
        await euEvents.PutDocumentAsync("one", Json.Event("one", 1), Timeout);
        await Eventually.TrueAsync(() => HasDocumentAsync(usEvents, "one"), TimeSpan.FromSeconds(20), "the first document replicates");

        var recreated = await euClient.Replicator.RecreateAsync(replication, Timeout);
        await euEvents.PutDocumentAsync("two", Json.Event("two", 2), Timeout);

        Assert.Equal(1, recreated.Generation);
        await Eventually.TrueAsync(() => HasDocumentAsync(usEvents, "two"), TimeSpan.FromSeconds(20), "the recreated replication carries new documents");
        Assert.True(eu is ILaunchedReplicaServer { IsRunning: true }, "deleting a _replicator document must not crash the server");
        Assert.True(await euClient.Replicator.DeleteAsync("eu-to-us", Timeout));
        Assert.False(await euClient.Replicator.DeleteAsync("eu-to-us", Timeout));
    }

    private static async Task<bool> HasDocumentAsync(CouchDatabase database, string id)
    {
        try
        {
            await database.GetDocumentAsync(id);
            return true;
        }
        catch (CouchNotFoundException)
        {
            return false;
        }
    }
}
