using Convergence.Chaos.Tests.Live;
using Convergence.Chaos.Tests.Support;
using Convergence.Cli.Chaos;
using Convergence.Cluster.CouchDb;
using Convergence.Cluster.Live;
using Convergence.Domain.Identity;
using Convergence.Domain.Modules;
using Convergence.Domain.Social;
using Convergence.Properties.Tests.Simulation;
using Convergence.Simulator.Engine;
using Convergence.Simulator.Faults;
using Convergence.Simulator.Runs;
using Xunit;
using Xunit.Abstractions;

namespace Convergence.Chaos.Tests.CouchDb;

/// <summary>
/// The live engine against external servers anyone can point it at (<see cref="ExternalCouchDb"/>): the engine
/// conformance cases the simulator passes, plus what a shared server demands (own databases, nothing left behind, no
/// password at rest). Holds on Apache CouchDB 3.x and on pouchdb-server alike; what holds on one only is in
/// <see cref="ExternalServerSpecificTests"/>, named after the server.
/// </summary>
[Trait("Category", ExternalCouchDb.Category)]
[Collection(LiveClusterCollection.Name)]
public sealed class ExternalCouchDbConformanceTests(LiveProcessLedger ledger, ITestOutputHelper output) : IDisposable
{
    private static readonly RegionId Eu = LiveClusters.Regions[0];
    private static readonly RegionId Us = LiveClusters.Regions[1];
    private static readonly RegionId Ap = LiveClusters.Regions[2];

    private readonly TestRunDirectory _run = new();
    private readonly string _prefix = $"conformance-{Guid.NewGuid():N}"[..20] + "-";

    private static CancellationToken Timeout => new CancellationTokenSource(TimeSpan.FromMinutes(3)).Token;

    private LiveClusterOptions Options() => new(Path.Combine(_run.Path, Guid.NewGuid().ToString("N")))
    {
        Urls = ExternalCouchDb.Urls,
        Credentials = ExternalCouchDb.Credentials,
        DatabasePrefix = _prefix,
    };

    private Suite Engines => new(() => ledger.Track(new LiveCluster(Options())));

    [ExternalCouchDbFact]
    public Task Append_ThenQuiescence_EveryRegionHoldsAndAppliesTheEvent() => Engines.Append_ThenQuiescence_EveryRegionHoldsAndAppliesTheEvent();

    [ExternalCouchDbFact]
    public Task Isolate_HoldsEventsBack_UntilTheFaultClears() => Engines.Isolate_HoldsEventsBack_UntilTheFaultClears();

    [ExternalCouchDbFact]
    public Task ProjectorCrash_ResumesFromItsCheckpoint_AndCatchesUp() => Engines.ProjectorCrash_ResumesFromItsCheckpoint_AndCatchesUp();

    [ExternalCouchDbFact]
    public Task AdvanceTo_MovesTheEngineClockForward() => Engines.AdvanceTo_MovesTheEngineClockForward();

    [ExternalCouchDbFact]
    public async Task Preflight_TheGivenCredentials_AreAServerAdminOnEveryServer()
    {
        foreach (var url in ExternalCouchDb.Urls) Assert.Null(await ChaosPreflight.ServerProblemAsync(url, ExternalCouchDb.Credentials, Timeout));
    }

    [ExternalCouchDbFact]
    public async Task TwoConsecutivePartitionRuns_BothConverge_AndLeaveNeitherDatabasesNorDocumentsNorThePassword()
    {
        var scenario = LiveClusters.Scenario("conformance-partition", 3, TimeSpan.FromSeconds(12),
            new ScheduledFault(1, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(5), new IsolateFault(Ap)));
        for (var attempt = 1; attempt <= 2; attempt++)
        {
            RunOutcome outcome;
            LiveCluster cluster;
            await using (cluster = ledger.Track(new LiveCluster(Options())))
            {
                outcome = RunOutcome.From(await new ScenarioRunner(DomainCatalog.SocialNetwork()).RunAsync(scenario, cluster, cancellationToken: Timeout));
                foreach (var (key, value) in outcome.Record.Counters.Where(c => c.Key.StartsWith("replication.restarts", StringComparison.Ordinal)))
                    output.WriteLine($"run {attempt}: {key} = {value}");
                foreach (var heal in outcome.Metrics.Heals) output.WriteLine($"run {attempt}: {heal.What} -> converged after {heal.ConvergedAfterUs / 1e6:0.000} s");
                output.WriteLine($"run {attempt}: servers {string.Join(", ", cluster.ServerProducts.Distinct())}");
            }

            output.WriteLine($"run {attempt}: {cluster.CleanupSummary}");
            LiveClusters.AssertConverged(outcome);
            Assert.Empty(await NamesUnderPrefixAsync());
        }

        if (ExternalCouchDb.Credentials is { } credentials) Assert.DoesNotContain(credentials.Password, await EverythingStoredAsync(), StringComparison.Ordinal);
    }

    [ExternalCouchDbFact]
    public async Task ReplicationDocuments_CarryTheCredentialsOutsideTheirUrls()
    {
        var scenario = LiveClusters.Scenario("conformance-documents", 1, TimeSpan.FromSeconds(1));
        await using var cluster = ledger.Track(new LiveCluster(Options()));
        await cluster.StartAsync(scenario, new RunRecorder(scenario, DomainCatalog.SocialNetwork(), "live"), Timeout);
        using var eu = new CouchClient(ExternalCouchDb.Urls[0], ExternalCouchDb.Credentials);

        var document = await eu.Replicator.GetAsync(cluster.ReplicationDocumentId(Eu, Us), Timeout);

        Assert.NotNull(document);
        foreach (var end in new[] { "source", "target" })
        {
            var endpoint = document.Raw.GetProperty(end);
            var url = endpoint.ValueKind == System.Text.Json.JsonValueKind.String ? endpoint.GetString()! : endpoint.GetProperty("url").GetString()!;
            Assert.True(string.IsNullOrEmpty(new Uri(url).UserInfo), $"{end} has credentials in its URL");
        }
    }

    [ExternalCouchDbFact]
    public async Task StoppedReplication_IsRecreatedByTheSupervisor()
    {
        var scenario = Simulator.Scenarios.Scenario.Create("conformance-stopped", 42, LiveClusters.Regions, Simulator.Network.Topology.Star,
            Simulator.Scenarios.WorkloadOptions.AtRate(0), [], TimeSpan.FromSeconds(1), livenessBound: TimeSpan.FromSeconds(60));
        var recorder = new RunRecorder(scenario, DomainCatalog.SocialNetwork(), "live");
        await using var cluster = ledger.Track(new LiveCluster(Options()));
        await cluster.StartAsync(scenario, recorder, Timeout);
        using (var eu = new CouchClient(ExternalCouchDb.Urls[0], ExternalCouchDb.Credentials))
        {
            Assert.True(await eu.Replicator.DeleteAsync(cluster.ReplicationDocumentId(Eu, Us), Timeout));
        }

        await cluster.AppendAsync(Eu, new UserRegistered(new UserId("u-1"), "ann@example.com", "Ann"), Timeout);
        var quiescence = await cluster.WaitForQuiescenceAsync(TimeSpan.FromSeconds(90), Timeout);
        var record = recorder.Complete(quiescence, await cluster.ReadRegionsAsync(Timeout), (long)cluster.Elapsed.TotalMicroseconds, null);

        Assert.True(quiescence.Reached, quiescence.Pending);
        Assert.True(record.Counters.GetValueOrDefault("replication.restarts.eu->us") >= 1);
    }

    public void Dispose() => _run.Dispose();

    private async Task<IReadOnlyList<string>> NamesUnderPrefixAsync()
    {
        var leftovers = await RunLeftovers.FindAsync(ExternalCouchDb.Urls, ExternalCouchDb.Credentials, _prefix, Timeout);
        return leftovers.SelectMany(l => l.Databases.Concat(l.ReplicationDocuments)).ToArray();
    }

    private static async Task<string> EverythingStoredAsync()
    {
        var text = new System.Text.StringBuilder();
        foreach (var url in ExternalCouchDb.Urls.DistinctBy(u => u.AbsoluteUri))
        {
            using var client = new CouchClient(url, ExternalCouchDb.Credentials);
            foreach (var name in await client.GetDatabaseNamesAsync(Timeout))
            {
                if (name is "_users" or "_global_changes") continue;
                var rows = await client.GetDatabase(name).GetAllDocsAsync(new AllDocsQuery { IncludeDocs = true }, Timeout);
                foreach (var row in rows.Rows) text.Append(row.Document?.GetRawText()).Append('\n');
            }
        }

        return text.ToString();
    }

    /// <summary>The shared conformance cases, bound to engines on the external servers (private: xunit runs it only through the facts above).</summary>
    private sealed class Suite(Func<IClusterEngine> create) : ClusterEngineConformance
    {
        protected override IClusterEngine CreateEngine() => create();
    }
}
