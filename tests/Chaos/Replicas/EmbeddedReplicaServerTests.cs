using Convergence.Chaos.Tests.Support;
using Convergence.Cluster.CouchDb;
using Convergence.Cluster.Replicas;
using Xunit;
using Xunit.Abstractions;

namespace Convergence.Chaos.Tests.Replicas;

[Collection(LiveReplicaCollection.Name)]
public sealed class EmbeddedReplicaServerTests(ITestOutputHelper output) : IDisposable
{
    private readonly TestRunDirectory _run = new();

    private static CancellationToken Timeout => new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;

    public void Dispose() => _run.Dispose();

    [Fact]
    public async Task StartAsync_TwoRegions_AnswerOnLoopbackWithTheirOwnDatabases()
    {
        await using var replicas = await new EmbeddedReplicaProvider(new EmbeddedReplicaOptions(_run.Path)).StartAsync(["eu", "us"], Timeout);

        Assert.Equal(["eu", "us"], replicas.Select(server => server.Name));
        Assert.NotEqual(replicas["eu"].BaseUri, replicas["us"].BaseUri);
        foreach (var server in replicas)
        {
            Assert.Equal("127.0.0.1", server.BaseUri.Host);
            Assert.Equal($"events-{server.Name}", server.DatabaseName);
            using var client = server.CreateClient();
            Assert.Equal(0, (await client.GetDatabase(server.DatabaseName).GetInfoAsync(Timeout)).DocumentCount);
        }
    }

    [Fact]
    public async Task StartAsync_WritesOnlyIntoItsDataDirectory()
    {
        var toolsDirectory = ReplicaToolsDirectory.Locate();
        var workingDirectory = Environment.CurrentDirectory;

        await using (var server = await EmbeddedReplicaServer.StartAsync("eu", new EmbeddedReplicaOptions(_run.Path), Timeout))
        {
            Assert.Equal(Path.Combine(_run.Path, "eu"), server.DataDirectory);
            Assert.True(File.Exists(Path.Combine(server.DataDirectory, "config.json")));
            Assert.True(File.Exists(server.ProcessLogPath));
        }

        // pouchdb-server's defaults are ./config.json and ./log.txt: none may appear outside the data directory.
        Assert.False(File.Exists(Path.Combine(toolsDirectory, "log.txt")));
        Assert.False(File.Exists(Path.Combine(toolsDirectory, "config.json")));
        Assert.False(File.Exists(Path.Combine(workingDirectory, "log.txt")));
        Assert.False(File.Exists(Path.Combine(_run.Path, "log.txt")));
    }

    [Fact]
    public async Task KillAsync_ThenRestartAsync_KeepsPortAndDocuments()
    {
        await using var server = await EmbeddedReplicaServer.StartAsync("eu", new EmbeddedReplicaOptions(_run.Path), Timeout);
        using var client = server.CreateClient();
        var database = await client.CreateDatabaseAsync(server.DatabaseName, Timeout);
        await database.BulkDocsAsync(Enumerable.Range(0, 20).Select(i => Json.Event($"e-{i}", i)), Timeout);
        var firstPid = server.ProcessId!.Value;
        var port = server.Port;

        await server.KillAsync(Timeout);

        Assert.False(server.IsRunning);
        Assert.Null(server.ProcessId);
        Assert.False(ProcessProbe.IsAlive(firstPid));
        Assert.False(await client.IsUpAsync(Timeout));

        await server.RestartAsync(Timeout);

        Assert.True(server.IsRunning);
        Assert.NotEqual(firstPid, server.ProcessId);
        Assert.Equal(port, server.Port);
        Assert.Equal(20, (await database.GetInfoAsync(Timeout)).DocumentCount);
        Assert.Equal(7, (await database.GetDocumentAsync("e-7", Timeout)).GetProperty("value").GetInt32());
    }

    [Fact]
    public async Task DisposeAsync_ReplicaSet_LeavesNoProcessBehind()
    {
        var replicas = await new EmbeddedReplicaProvider(new EmbeddedReplicaOptions(_run.Path)).StartAsync(["eu", "us"], Timeout);
        var launched = replicas.Cast<ILaunchedReplicaServer>().ToList();
        // A kill and restart in between: the restarted process must be stopped too, and the killed one stays gone.
        var killedPid = launched[0].ProcessId!.Value;
        await launched[0].KillAsync(Timeout);
        await launched[0].RestartAsync(Timeout);
        var pids = launched.Select(server => server.ProcessId!.Value).Append(killedPid).ToList();
        Assert.All(pids.Take(2), pid => Assert.True(ProcessProbe.IsAlive(pid)));

        await replicas.DisposeAsync();

        Assert.All(pids, pid => Assert.False(ProcessProbe.IsAlive(pid), $"pid {pid} is still running"));
        Assert.All(launched, server => Assert.False(server.IsRunning));
    }

    [Theory]
    [InlineData(ChangesFeedMode.LongPoll)]
    [InlineData(ChangesFeedMode.Continuous)]
    public async Task FollowChanges_ServerKilledAndRestarted_ResumesFromLastSequence(ChangesFeedMode mode)
    {
        await using var server = await EmbeddedReplicaServer.StartAsync("eu", new EmbeddedReplicaOptions(_run.Path), Timeout);
        using var client = server.CreateClient();
        var database = await client.CreateDatabaseAsync(server.DatabaseName, Timeout);
        await database.PutDocumentAsync("before", Json.Event("before", 1), Timeout);
        var feed = database.FollowChanges(new ChangesFeedOptions
        {
            Mode = mode,
            Heartbeat = TimeSpan.FromSeconds(1),
            ReadTimeout = TimeSpan.FromSeconds(3),
            ReconnectDelay = TimeSpan.FromMilliseconds(200),
        });
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var rows = feed.GetAsyncEnumerator(stop.Token);

        Assert.True(await rows.MoveNextAsync());
        Assert.Equal("before", rows.Current.Id);

        // The next request (a longpoll, or the open continuous stream) is now held open by the server; kill it underneath, restart, and write.
        var next = rows.MoveNextAsync().AsTask();
        await server.KillAsync(Timeout);
        await server.RestartAsync(Timeout);
        await database.PutDocumentAsync("after", Json.Event("after", 2), Timeout);

        var resumed = System.Diagnostics.Stopwatch.StartNew();
        Assert.True(await next);
        output.WriteLine($"{mode}: resumed {resumed.ElapsedMilliseconds} ms after the write, {feed.Reconnects} reconnects, last error {feed.LastError?.GetType().Name}: {feed.LastError?.Message}");
        Assert.Equal("after", rows.Current.Id);
        Assert.True(feed.Reconnects >= 1, "the feed should have reconnected at least once");
    }
}
