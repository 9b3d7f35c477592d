using System.Net;
using System.Text;
using System.Text.Json;
using Convergence.Chaos.Tests.Support;
using Convergence.Cluster.CouchDb;
using Xunit;

namespace Convergence.Chaos.Tests.CouchDb;

[Collection(LiveReplicaCollection.Name)]
public sealed class CouchClientTests(SharedReplicaFixture fixture)
{
    private static CancellationToken Timeout => new CancellationTokenSource(TimeSpan.FromSeconds(20)).Token;

    [Fact]
    public async Task GetServerInfoAsync_PouchDbServer_IdentifiesIt()
    {
        using var client = fixture.CreateClient();

        var info = await client.GetServerInfoAsync(Timeout);

        Assert.True(info.IsPouchDb);
        Assert.Equal("4.2.0", info.Version);
    }

    [Fact]
    public async Task IsUpAsync_PouchDbServerWithoutUpEndpoint_FallsBackToRoot()
    {
        using var client = fixture.CreateClient();

        Assert.True(await client.IsUpAsync(Timeout));
    }

    [Fact]
    public async Task IsUpAsync_NothingListening_ReturnsFalse()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var client = new CouchClient(new Uri($"http://127.0.0.1:{port}/"));

        Assert.False(await client.IsUpAsync(Timeout));
    }

    [Fact]
    public async Task CreateDatabaseAsync_ExistingName_Throws412AndGetOrCreateTolerates()
    {
        using var client = fixture.CreateClient();
        var name = SharedReplicaFixture.UniqueDatabaseName("create");
        await client.CreateDatabaseAsync(name, Timeout);

        var error = await Assert.ThrowsAsync<CouchException>(() => client.CreateDatabaseAsync(name, Timeout));
        var again = await client.GetOrCreateDatabaseAsync(name, Timeout);

        Assert.Equal(HttpStatusCode.PreconditionFailed, error.StatusCode);
        Assert.Equal("file_exists", error.Error);
        Assert.Equal(name, again.Name);
        Assert.Contains(name, await client.GetDatabaseNamesAsync(Timeout));
    }

    [Fact]
    public async Task DeleteDatabaseAsync_ThenGetInfo_ThrowsNotFound()
    {
        using var client = fixture.CreateClient();
        var database = await client.CreateDatabaseAsync(SharedReplicaFixture.UniqueDatabaseName("delete"), Timeout);

        await client.DeleteDatabaseAsync(database.Name, Timeout);

        await Assert.ThrowsAsync<CouchNotFoundException>(() => database.GetInfoAsync(Timeout));
    }

    [Fact]
    public async Task PutDocumentAsync_JsonElement_RoundTripsBody()
    {
        using var client = fixture.CreateClient();
        var database = await client.CreateDatabaseAsync(SharedReplicaFixture.UniqueDatabaseName("put"), Timeout);

        var written = await database.PutDocumentAsync("e-1", Json.Parse("""{"type":"userCreated","name":"Ada"}"""), Timeout);
        var read = await database.GetDocumentAsync("e-1", Timeout);

        Assert.Equal("e-1", written.Id);
        Assert.StartsWith("1-", written.Revision);
        Assert.Equal("Ada", read.GetProperty("name").GetString());
        Assert.Equal(written.Revision, read.GetProperty("_rev").GetString());
    }

    [Fact]
    public async Task PutDocumentAsync_Utf8Body_IsStoredAsGiven()
    {
        using var client = fixture.CreateClient();
        var database = await client.CreateDatabaseAsync(SharedReplicaFixture.UniqueDatabaseName("utf8"), Timeout);

        await database.PutDocumentAsync("e-ü", Encoding.UTF8.GetBytes("""{"text":"héllo"}"""), Timeout);

        Assert.Equal("héllo", (await database.GetDocumentAsync("e-ü", Timeout)).GetProperty("text").GetString());
    }

    [Fact]
    public async Task PutDocumentAsync_SameIdTwice_ThrowsConflict()
    {
        using var client = fixture.CreateClient();
        var database = await client.CreateDatabaseAsync(SharedReplicaFixture.UniqueDatabaseName("conflict"), Timeout);
        await database.PutDocumentAsync("e-1", Json.Parse("""{"v":1}"""), Timeout);

        var error = await Assert.ThrowsAsync<CouchConflictException>(() => database.PutDocumentAsync("e-1", Json.Parse("""{"v":2}"""), Timeout));

        Assert.Equal(HttpStatusCode.Conflict, error.StatusCode);
        Assert.Equal("conflict", error.Error);
    }

    [Fact]
    public async Task GetDocumentAsync_MissingDocumentOrDatabase_ThrowsNotFound()
    {
        using var client = fixture.CreateClient();
        var database = await client.CreateDatabaseAsync(SharedReplicaFixture.UniqueDatabaseName("missing"), Timeout);

        var missingDocument = await Assert.ThrowsAsync<CouchNotFoundException>(() => database.GetDocumentAsync("nope", Timeout));
        var missingDatabase = await Assert.ThrowsAsync<CouchNotFoundException>(
            () => client.GetDatabase(SharedReplicaFixture.UniqueDatabaseName("absent")).PutDocumentAsync("x", Json.Parse("{}"), Timeout));

        Assert.Equal("not_found", missingDocument.Error);
        Assert.Equal(HttpStatusCode.NotFound, missingDatabase.StatusCode);
    }

    [Fact]
    public async Task BulkDocsAsync_NewAndDuplicateIds_ReportsConflictAsValue()
    {
        using var client = fixture.CreateClient();
        var database = await client.CreateDatabaseAsync(SharedReplicaFixture.UniqueDatabaseName("bulk"), Timeout);
        await database.PutDocumentAsync("e-0", Json.Event("e-0", 0), Timeout);

        var results = await database.BulkDocsAsync([Json.Event("e-0", 0), Json.Event("e-1", 1), Json.Event("e-2", 2)], Timeout);

        Assert.Equal(3, results.Count);
        Assert.Equal("conflict", results[0].Error);
        Assert.True(results[1].Succeeded);
        Assert.True(results[2].Succeeded);
        Assert.Equal(3, (await database.GetInfoAsync(Timeout)).DocumentCount);
    }

    [Fact]
    public async Task GetAllDocsAsync_KeysWithIncludeDocs_ReturnsRequestedRowsAndMissingAsError()
    {
        using var client = fixture.CreateClient();
        var database = await client.CreateDatabaseAsync(SharedReplicaFixture.UniqueDatabaseName("alldocs"), Timeout);
        await database.BulkDocsAsync(Enumerable.Range(0, 5).Select(i => Json.Event($"e-{i}", i)), Timeout);

        var all = await database.GetAllDocsAsync(cancellationToken: Timeout);
        var some = await database.GetAllDocsAsync(new AllDocsQuery { IncludeDocs = true, Keys = ["e-3", "e-9", "e-1"] }, Timeout);

        Assert.Equal(5, all.TotalRows);
        Assert.Equal(["e-0", "e-1", "e-2", "e-3", "e-4"], all.Rows.Select(row => row.Id));
        Assert.Null(all.Rows[0].Document);
        Assert.Equal(["e-3", "e-9", "e-1"], some.Rows.Select(row => row.Key));
        Assert.Equal(3, some.Rows[0].Document!.Value.GetProperty("value").GetInt32());
        Assert.Equal("not_found", some.Rows[1].Error);
        Assert.Equal(1, some.Rows[2].Document!.Value.GetProperty("value").GetInt32());
    }

    [Fact]
    public async Task GetChangesAsync_Normal_ReturnsRowsWithDocsAndResumesFromLastSequence()
    {
        using var client = fixture.CreateClient();
        var database = await client.CreateDatabaseAsync(SharedReplicaFixture.UniqueDatabaseName("changes"), Timeout);
        await database.BulkDocsAsync([Json.Event("e-1", 1), Json.Event("e-2", 2)], Timeout);

        var first = await database.GetChangesAsync(new ChangesQuery { IncludeDocs = true }, Timeout);
        await database.PutDocumentAsync("e-3", Json.Event("e-3", 3), Timeout);
        var next = await database.GetChangesAsync(new ChangesQuery { Since = first.LastSequence }, Timeout);

        Assert.Equal(["e-1", "e-2"], first.Results.Select(row => row.Id).Order());
        Assert.All(first.Results, row => Assert.NotNull(row.Document));
        Assert.All(first.Results, row => Assert.False(row.Deleted));
        // pouchdb-server sends numbers; the type keeps them as raw JSON.
        Assert.Equal(JsonValueKind.Number, JsonDocument.Parse(first.LastSequence.RawJson).RootElement.ValueKind);
        Assert.Equal(["e-3"], next.Results.Select(row => row.Id));
        Assert.Null(next.Results[0].Document);
    }

    [Fact]
    public async Task GetChangesAsync_DeletedDocument_ReportsDeleted()
    {
        using var client = fixture.CreateClient();
        var database = await client.CreateDatabaseAsync(SharedReplicaFixture.UniqueDatabaseName("deleted"), Timeout);
        var written = await database.PutDocumentAsync("e-1", Json.Event("e-1", 1), Timeout);
        await database.DeleteDocumentAsync("e-1", written.Revision, Timeout);

        var changes = await database.GetChangesAsync(cancellationToken: Timeout);

        Assert.True(Assert.Single(changes.Results).Deleted);
    }

    [Fact]
    public async Task GetChangesAsync_LongPoll_AnswersWhenADocumentArrives()
    {
        using var client = fixture.CreateClient();
        var database = await client.CreateDatabaseAsync(SharedReplicaFixture.UniqueDatabaseName("longpoll"), Timeout);
        var start = await database.GetChangesAsync(cancellationToken: Timeout);

        var poll = database.GetChangesAsync(
            new ChangesQuery { Feed = ChangesFeedMode.LongPoll, Since = start.LastSequence, Heartbeat = TimeSpan.FromSeconds(1), ReadTimeout = TimeSpan.FromSeconds(5), IncludeDocs = true },
            Timeout);
        await database.PutDocumentAsync("e-1", Json.Event("e-1", 1), Timeout);
        var answer = await poll;

        Assert.Equal("e-1", Assert.Single(answer.Results).Id);
        Assert.Equal(1, answer.Results[0].Document!.Value.GetProperty("value").GetInt32());
    }

    [Theory]
    [InlineData(ChangesFeedMode.Continuous)]
    [InlineData(ChangesFeedMode.LongPoll)]
    public async Task FollowChanges_NewDocuments_AreYieldedInOrder(ChangesFeedMode mode)
    {
        using var client = fixture.CreateClient();
        var database = await client.CreateDatabaseAsync(SharedReplicaFixture.UniqueDatabaseName("follow"), Timeout);
        await database.PutDocumentAsync("e-0", Json.Event("e-0", 0), Timeout);
        var feed = database.FollowChanges(new ChangesFeedOptions { Mode = mode, IncludeDocs = true, Heartbeat = TimeSpan.FromSeconds(1), ReadTimeout = TimeSpan.FromSeconds(4) });
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        var seen = new List<string>();
        var writer = Task.Run(async () =>
        {
            for (var i = 1; i <= 3; i++)
            {
                await database.PutDocumentAsync($"e-{i}", Json.Event($"e-{i}", i), stop.Token);
            }
        });
        await foreach (var row in feed.WithCancellation(stop.Token))
        {
            Assert.NotNull(row.Document);
            seen.Add(row.Id);
            if (seen.Count == 4)
            {
                break;
            }
        }

        await writer;
        Assert.Equal(["e-0", "e-1", "e-2", "e-3"], seen);
        Assert.Equal(0, feed.Reconnects);
    }

    [Fact]
    public async Task FollowChanges_ReadTimeoutNotLongerThanHeartbeat_IsRejected()
    {
        using var client = fixture.CreateClient();
        var database = client.GetDatabase("unused");

        Assert.Throws<ArgumentException>(() => database.FollowChanges(new ChangesFeedOptions { Heartbeat = TimeSpan.FromSeconds(5), ReadTimeout = TimeSpan.FromSeconds(5) }));
        await Task.CompletedTask;
    }

    [Fact]
    public async Task ReplicateAsync_OneShotBetweenDatabases_CopiesDocuments()
    {
        using var client = fixture.CreateClient();
        var source = await client.CreateDatabaseAsync(SharedReplicaFixture.UniqueDatabaseName("rep-src"), Timeout);
        var target = await client.CreateDatabaseAsync(SharedReplicaFixture.UniqueDatabaseName("rep-dst"), Timeout);
        await source.BulkDocsAsync(Enumerable.Range(0, 3).Select(i => Json.Event($"e-{i}", i)), Timeout);

        var answer = await client.ReplicateAsync(
            new ReplicationRequest(ReplicationEndpoint.FromDatabase(source), ReplicationEndpoint.FromDatabase(target)), Timeout);

        Assert.True(answer.GetProperty("ok").GetBoolean());
        Assert.Equal(3, (await target.GetInfoAsync(Timeout)).DocumentCount);
    }

    [Fact]
    public async Task SchedulerEndpoints_OnPouchDbServer_AreNotSupported()
    {
        using var client = fixture.CreateClient();

        var jobs = await client.GetSchedulerJobsAsync(Timeout);
        var docs = await client.GetSchedulerDocsAsync(Timeout);
        var doc = await client.GetSchedulerDocAsync("any", Timeout);
        var tasks = await client.GetActiveTasksAsync(Timeout);

        Assert.False(jobs.IsSupported);
        Assert.False(docs.IsSupported);
        Assert.False(doc.IsSupported);
        Assert.True(tasks.IsSupported);
        Assert.Empty(tasks.Value!);
    }
}
