using Convergence.Chaos.Tests.Support;
using Convergence.Cluster.Replicas;
using Xunit;

namespace Convergence.Chaos.Tests.Replicas;

[Collection(LiveReplicaCollection.Name)]
public sealed class DockerReplicaProviderTests
{
    [DockerFact]
    public async Task StartAsync_CouchDb3Container_StoresDocumentsAndHasScheduler()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await using var replicas = await new DockerReplicaProvider(new DockerReplicaOptions()).StartAsync(["eu"], timeout.Token);
        using var client = replicas[0].CreateClient();

        await client.GetDatabase(replicas[0].DatabaseName).PutDocumentAsync("e-1", Json.Event("e-1", 1), timeout.Token);

        Assert.False((await client.GetServerInfoAsync(timeout.Token)).IsPouchDb);
        Assert.True((await client.GetSchedulerJobsAsync(timeout.Token)).IsSupported);
        Assert.Equal(1, (await client.GetDatabase(replicas[0].DatabaseName).GetInfoAsync(timeout.Token)).DocumentCount);
    }
}
