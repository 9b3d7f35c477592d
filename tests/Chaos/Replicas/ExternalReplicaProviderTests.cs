using Convergence.Chaos.Tests.Support;
using Convergence.Cluster.CouchDb;
using Convergence.Cluster.Replicas;
using Xunit;

namespace Convergence.Chaos.Tests.Replicas;

[Collection(LiveReplicaCollection.Name)]
public sealed class ExternalReplicaProviderTests(SharedReplicaFixture fixture)
{
    private static CancellationToken Timeout => new CancellationTokenSource(TimeSpan.FromSeconds(20)).Token;

    [Fact]
    public async Task StartAsync_RegionsSharingOneServer_GetTheirOwnDatabases()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        string[] regions = [$"eu-{suffix}", $"us-{suffix}"];
        var provider = new ExternalReplicaProvider(new ExternalReplicaOptions([fixture.Server.BaseUri]) { Credentials = null });

        await using var replicas = await provider.StartAsync(regions, Timeout);

        Assert.All(replicas, server => Assert.Equal(fixture.Server.BaseUri, server.BaseUri));
        Assert.Equal([$"events-eu-{suffix}", $"events-us-{suffix}"], replicas.Select(server => server.DatabaseName));
        using var client = fixture.CreateClient();
        var names = await client.GetDatabaseNamesAsync(Timeout);
        Assert.Contains($"events-eu-{suffix}", names);
        Assert.Contains($"events-us-{suffix}", names);
        using var euClient = replicas[0].CreateClient();
        await euClient.GetDatabase(replicas[0].DatabaseName).PutDocumentAsync("e-1", Json.Event("e-1", 1), Timeout);
        Assert.Equal(0, (await client.GetDatabase(replicas[1].DatabaseName).GetInfoAsync(Timeout)).DocumentCount);
    }

    [Fact]
    public async Task DisposeAsync_ExternalSet_LeavesTheServerRunning()
    {
        var provider = new ExternalReplicaProvider(new ExternalReplicaOptions([fixture.Server.BaseUri]) { Credentials = null });

        await (await provider.StartAsync([$"r-{Guid.NewGuid():N}"[..12]], Timeout)).DisposeAsync();

        using var client = fixture.CreateClient();
        Assert.True(await client.IsUpAsync(Timeout));
    }

    [Fact]
    public async Task StartAsync_UnreachableServer_FailsWithTheRegion()
    {
        var provider = new ExternalReplicaProvider(new ExternalReplicaOptions([new Uri("http://127.0.0.1:1/")]) { Credentials = null });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => provider.StartAsync(["eu"], Timeout));

        Assert.Contains("'eu'", error.Message);
    }

    [Fact]
    public void Options_UriWithCredentials_IsRejectedWithoutEchoingThem()
    {
        var error = Assert.Throws<ArgumentException>(() => new ExternalReplicaOptions([new Uri("http://admin:hunter2@127.0.0.1:5984/")]));

        Assert.DoesNotContain("hunter2", error.Message);
    }

    [Fact]
    public void ExternalReplicaServer_ToString_NeverShowsThePassword()
    {
        var server = new ExternalReplicaServer("eu", new Uri("http://127.0.0.1:5984"), new CouchCredentials("admin", "hunter2"));

        Assert.DoesNotContain("hunter2", server.ToString());
    }
}
