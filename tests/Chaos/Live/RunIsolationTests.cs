using Convergence.Chaos.Tests.Support;
using Convergence.Cluster.CouchDb;
using Convergence.Cluster.Live;
using Convergence.Domain.Identity;
using Convergence.Domain.Modules;
using Convergence.Domain.Social;
using Convergence.Simulator.Checks;
using Convergence.Simulator.Engine;
using Convergence.Simulator.Faults;
using Convergence.Simulator.Runs;
using Xunit;
using Xunit.Abstractions;

namespace Convergence.Chaos.Tests.Live;

/// <summary>
/// Runs on servers shared with other runs (reached by URL, with a server admin): each run works in its own databases,
/// removes them and its replication documents on every way out, and never leaves the password anywhere.
/// </summary>
[Collection(LiveClusterCollection.Name)]
public sealed class RunIsolationTests(AdminPouchDbServers servers, LiveProcessLedger ledger, ITestOutputHelper output)
    : IClassFixture<AdminPouchDbServers>
{
    private static readonly RegionId Eu = LiveClusters.Regions[0];
    private static readonly RegionId Us = LiveClusters.Regions[1];
    private static readonly RegionId Ap = LiveClusters.Regions[2];

    private static CancellationToken Timeout => new CancellationTokenSource(TimeSpan.FromMinutes(2)).Token;

    private LiveClusterOptions Options(TestRunDirectory run, string prefix, string? runId = null) => new(run.Path)
    {
        Urls = servers.Urls,
        Credentials = servers.Credentials,
        DatabasePrefix = prefix,
        RunId = runId,
    };

    private static string UniquePrefix() => $"t{Guid.NewGuid():N}"[..10] + "-";

    [Fact]
    public async Task TwoConsecutiveRuns_OnTheSameServers_BothConvergeInTheirOwnDatabasesAndLeaveNothing()
    {
        var prefix = UniquePrefix();
        var scenario = LiveClusters.Scenario("shared-partition", 4, TimeSpan.FromSeconds(5),
            new ScheduledFault(1, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), new IsolateFault(Ap)));
        var eventIds = new List<HashSet<string>>();
        var stored = "";
        using var run = new TestRunDirectory();
        for (var attempt = 0; attempt < 2; attempt++)
        {
            RunOutcome outcome;
            string? cleanup;
            LiveCluster disposed;
            await using (var cluster = ledger.Track(new LiveCluster(Options(run, prefix))))
            {
                var record = await new ScenarioRunner(DomainCatalog.SocialNetwork()).RunAsync(scenario, cluster, cancellationToken: Timeout);
                outcome = RunOutcome.From(record);
                // While it runs, the run's databases are its own: named after it, on every server.
                Assert.All(LiveClusters.Regions, r => Assert.StartsWith(cluster.Namespace.ToString(), cluster.DatabaseOf(r).Name, StringComparison.Ordinal));
                stored += await servers.EverythingStoredAsync();
                disposed = cluster;
            }

            cleanup = disposed.CleanupSummary;

            LiveClusters.AssertConverged(outcome);
            eventIds.Add(outcome.Record.Envelopes.Select(e => e.Id.Value).ToHashSet(StringComparer.Ordinal));
            Assert.Empty(await servers.NamesUnderAsync(prefix));
            output.WriteLine($"run {attempt + 1}: {outcome.Record.EventCount} events, cleanup {cleanup}");
        }

        Assert.Empty(eventIds[0].Intersect(eventIds[1]));
        // While a run is on, its replication documents must carry the credentials (the server replicates with them),
        // but in the Authorization header pouchdb-server reads, never in a URL and never in clear.
        Assert.Contains("\"headers\":{\"Authorization\":\"Basic ", stored, StringComparison.Ordinal);
        Assert.DoesNotContain(servers.Credentials.Password, stored, StringComparison.Ordinal);
        Assert.DoesNotContain($"{servers.Credentials.UserName}:", stored.Replace("\"Authorization\":", "", StringComparison.Ordinal), StringComparison.Ordinal);
        AssertNoSecret(await servers.EverythingStoredAsync(), "documents left after the runs");
        AssertNoSecret(FolderText(run.Path), "the run folder");
    }

    [Fact]
    public async Task ForeignEventDocument_WithTheRunsEventId_EndsTheAppendAsAClusterFailureAndTheRunStillCleansUp()
    {
        var prefix = UniquePrefix();
        var scenario = LiveClusters.Scenario("shared-collision", 1, TimeSpan.FromSeconds(1));
        using var run = new TestRunDirectory();
        var recorder = new RunRecorder(scenario, DomainCatalog.SocialNetwork(), "live");
        await using (var cluster = ledger.Track(new LiveCluster(Options(run, prefix))))
        {
            await cluster.StartAsync(scenario, recorder, Timeout);
            var id = cluster.Namespace.EventId(Eu.Value, 1);
            await cluster.DatabaseOf(Eu).PutDocumentAsync(id, Json.Parse($$"""{"_id":"{{id}}","written":"by someone else"}"""), Timeout);

            var failure = await Assert.ThrowsAsync<ClusterFailureException>(async () =>
                await cluster.AppendAsync(Eu, new UserRegistered(new UserId("u-1"), "ann@example.com", "Ann"), Timeout));

            Assert.Contains("foreign document collision", failure.Message, StringComparison.Ordinal);
            Assert.Contains(id, failure.Message, StringComparison.Ordinal);
        }

        Assert.Empty(await servers.NamesUnderAsync(prefix));
    }

    [Fact]
    public async Task ForeignReplicationDocument_UnderTheRunsName_EndsTheRunAsAClusterFailureAndIsLeftAlone()
    {
        var prefix = UniquePrefix();
        const string runId = "fixed-run";
        var scenario = LiveClusters.Scenario("shared-foreign-replication", 1, TimeSpan.FromSeconds(1));
        var foreignId = $"{prefix}{runId}-eu-to-us";
        using (var s1 = new CouchClient(servers.Urls[0], servers.Credentials))
        {
            await s1.GetDatabase(CouchReplicator.DatabaseName).PutDocumentAsync(foreignId, ForeignReplication(), Timeout);
        }

        using var run = new TestRunDirectory();
        RunRecord record;
        await using (var cluster = ledger.Track(new LiveCluster(Options(run, prefix, runId))))
        {
            record = await new ScenarioRunner(DomainCatalog.SocialNetwork()).RunAsync(scenario, cluster, cancellationToken: Timeout);
        }

        output.WriteLine(record.ClusterFailure);
        Assert.Equal(RunStatus.ClusterFailure, RunOutcome.From(record).Status);
        Assert.Contains("foreign document collision", record.ClusterFailure, StringComparison.Ordinal);
        Assert.Null(record.Failure);
        // The run's databases are gone; the document it did not write is still there.
        Assert.Equal([$"{servers.Urls[0]} _replicator/{foreignId}"], await servers.NamesUnderAsync(prefix));
        using (var s1 = new CouchClient(servers.Urls[0], servers.Credentials))
        {
            Assert.True(await s1.Replicator.DeleteAsync(foreignId, Timeout));
        }
    }

    [Fact]
    public async Task HandlerFailure_OnSharedServers_IsAProgressViolationAndTheRunStillCleansUp()
    {
        var prefix = UniquePrefix();
        using var run = new TestRunDirectory();
        RunRecord record;
        await using (var cluster = ledger.Track(new LiveCluster(Options(run, prefix))))
        {
            record = await new ScenarioRunner(new DomainCatalog(new ThrowingModule()))
                .RunAsync(LiveClusters.Scenario("shared-throwing", 2, TimeSpan.FromSeconds(3)), cluster, cancellationToken: Timeout);
        }

        Assert.Equal(RunStatus.ProgressViolation, RunOutcome.From(record).Status);
        Assert.Empty(await servers.NamesUnderAsync(prefix));
    }

    [Fact]
    public async Task CancelledRun_OnSharedServers_IsInterruptedAndLeavesNothing()
    {
        var prefix = UniquePrefix();
        using var run = new TestRunDirectory();
        using var cancel = new CancellationTokenSource();
        RunRecord record;
        await using (var cluster = ledger.Track(new LiveCluster(Options(run, prefix))))
        {
            var progress = new CancelOnSafetyPhase(cancel);
            record = await new ScenarioRunner(DomainCatalog.SocialNetwork())
                .RunAsync(LiveClusters.Scenario("shared-cancel", 2, TimeSpan.FromSeconds(30)), cluster, progress, cancel.Token);
        }

        Assert.True(record.Interrupted);
        Assert.Empty(await servers.NamesUnderAsync(prefix));
    }

    [Fact]
    public async Task ProcessExit_WhileARunHoldsSharedServers_RemovesItsDocumentsAndDatabases()
    {
        var prefix = UniquePrefix();
        var scenario = LiveClusters.Scenario("shared-exit", 1, TimeSpan.FromSeconds(1));
        using var run = new TestRunDirectory();
        await using var cluster = ledger.Track(new LiveCluster(Options(run, prefix)));
        await cluster.StartAsync(scenario, new RunRecorder(scenario, DomainCatalog.SocialNetwork(), "live"), Timeout);
        Assert.Equal(6 + 3, (await servers.NamesUnderAsync(prefix)).Count);

        // What the process-exit hook runs when the test host (or a SIGTERM nobody handles) ends the process.
        cluster.CleanUpOnProcessExit();

        Assert.Empty(await servers.NamesUnderAsync(prefix));
        Assert.Contains("removed 6 replication document(s) and 3 database(s)", cluster.CleanupSummary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeepDatabases_KeepsTheRunsDatabasesButNotItsReplicationDocuments()
    {
        var prefix = UniquePrefix();
        var scenario = LiveClusters.Scenario("shared-keep", 1, TimeSpan.FromSeconds(1));
        using var run = new TestRunDirectory();
        await using (var cluster = ledger.Track(new LiveCluster(Options(run, prefix) with { KeepDatabases = true })))
        {
            await cluster.StartAsync(scenario, new RunRecorder(scenario, DomainCatalog.SocialNetwork(), "live"), Timeout);
        }

        var left = await servers.NamesUnderAsync(prefix);
        Assert.Equal(3, left.Count);
        Assert.DoesNotContain(left, name => name.Contains("_replicator", StringComparison.Ordinal));
        await RunLeftovers.RemoveAsync(await RunLeftovers.FindAsync(servers.Urls, servers.Credentials, prefix, Timeout), servers.Credentials, Timeout);
        Assert.Empty(await servers.NamesUnderAsync(prefix));
    }

    [Fact]
    public async Task Leftovers_UnderThePrefix_AreFoundAndRemoved_OtherNamesAreNotTouched()
    {
        var prefix = UniquePrefix();
        var other = UniquePrefix();
        using (var s2 = new CouchClient(servers.Urls[1], servers.Credentials))
        {
            await s2.CreateDatabaseAsync($"{prefix}old-run-eu", Timeout);
            await s2.CreateDatabaseAsync($"{other}keep-me", Timeout);
            await s2.GetDatabase(CouchReplicator.DatabaseName).PutDocumentAsync($"{prefix}old-run-eu-to-us", ForeignReplication(), Timeout);
        }

        var leftovers = await RunLeftovers.FindAsync(servers.Urls, servers.Credentials, prefix, Timeout);
        await RunLeftovers.RemoveAsync(leftovers, servers.Credentials, Timeout);

        var only = Assert.Single(leftovers);
        Assert.Equal([$"{prefix}old-run-eu"], only.Databases);
        Assert.Equal([$"{prefix}old-run-eu-to-us"], only.ReplicationDocuments);
        Assert.Empty(await servers.NamesUnderAsync(prefix));
        Assert.Single(await servers.NamesUnderAsync(other));
        using (var s2 = new CouchClient(servers.Urls[1], servers.Credentials))
        {
            await s2.DeleteDatabaseAsync($"{other}keep-me", Timeout);
        }
    }

    /// <summary>A replication document someone else wrote (one-shot, to a port where nothing listens).</summary>
    private static System.Text.Json.JsonElement ForeignReplication() =>
        Json.Parse("""{"source":"http://127.0.0.1:9/nothing","target":"http://127.0.0.1:9/nowhere","note":"not the harness's"}""");

    private void AssertNoSecret(string text, string where)
    {
        var password = servers.Credentials.Password;
        var basic = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{servers.Credentials.UserName}:{password}"));
        Assert.False(text.Contains(password, StringComparison.Ordinal), $"the password is in {where}");
        Assert.False(text.Contains(basic, StringComparison.Ordinal), $"the base64 credentials are in {where}");
    }

    private static string FolderText(string folder) =>
        string.Concat(Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Select(File.ReadAllText));

    /// <summary>Cancels the run once it reports its fault phase, as a Ctrl+C would.</summary>
    private sealed class CancelOnSafetyPhase(CancellationTokenSource cancel) : IProgress<RunProgress>
    {
        public void Report(RunProgress value)
        {
            if (value.Phase == Simulator.Engine.RunPhase.Safety && value.Elapsed >= TimeSpan.FromSeconds(1)) cancel.Cancel();
        }
    }
}
