using Convergence.Chaos.Tests.Live;
using Convergence.Chaos.Tests.Support;
using Convergence.Cluster.CouchDb;
using Convergence.Cluster.Live;
using Convergence.Domain.Modules;
using Convergence.Simulator.Engine;
using Convergence.Simulator.Runs;
using Xunit;
using Xunit.Abstractions;

namespace Convergence.Chaos.Tests.CouchDb;

/// <summary>
/// Where CouchDB 3 and pouchdb-server differ, and the engine relies on the difference: each assertion is named after
/// the server it holds for and runs only there (the conformance category, <see cref="ExternalCouchDb"/>).
/// </summary>
[Trait("Category", ExternalCouchDb.Category)]
[Collection(LiveClusterCollection.Name)]
public sealed class ExternalServerSpecificTests(LiveProcessLedger ledger, ITestOutputHelper output) : IDisposable
{
    private readonly TestRunDirectory _run = new();

    private static CancellationToken Timeout => new CancellationTokenSource(TimeSpan.FromMinutes(3)).Token;

    [ExternalCouchDbFact(Only = ExternalServerKind.PouchDbServer)]
    public async Task PouchDbServer_HasNoScheduler_AndTakesReplicationCredentialsAsAnAuthorizationHeader()
    {
        using var client = new CouchClient(ExternalCouchDb.Urls[0], ExternalCouchDb.Credentials);

        Assert.False((await client.GetSchedulerDocsAsync(Timeout)).IsSupported);
        Assert.Equal(ReplicationCredentialStyle.AuthorizationHeader, (await client.GetServerInfoAsync(Timeout)).ReplicationCredentialStyle);
    }

    [ExternalCouchDbFact(Only = ExternalServerKind.CouchDb)]
    public async Task CouchDb3_HasAScheduler_AndTakesReplicationCredentialsInTheAuthObjectFrom32()
    {
        using var client = new CouchClient(ExternalCouchDb.Urls[0], ExternalCouchDb.Credentials);
        var info = await client.GetServerInfoAsync(Timeout);

        Assert.True((await client.GetSchedulerDocsAsync(Timeout)).IsSupported);
        Assert.True((await client.GetClusterSizeAsync(Timeout)).IsSupported);
        Assert.Equal(Version.Parse(info.Version!) >= new Version(3, 2) ? ReplicationCredentialStyle.AuthObject : ReplicationCredentialStyle.AuthorizationHeader,
            info.ReplicationCredentialStyle);
    }

    [ExternalCouchDbFact(Only = ExternalServerKind.CouchDb)]
    public async Task CouchDb3_FaultFreeSteadyRun_NeedsNoSupervisorRestart()
    {
        // The supervisor reads _scheduler/docs and waits out CouchDB's startup jitter instead of recreating jobs.
        var scenario = LiveClusters.Scenario("conformance-steady", 3, TimeSpan.FromSeconds(20));
        RunOutcome outcome;
        await using (var cluster = ledger.Track(new LiveCluster(new LiveClusterOptions(_run.Path)
        {
            Urls = ExternalCouchDb.Urls,
            Credentials = ExternalCouchDb.Credentials,
            DatabasePrefix = $"conformance-{Guid.NewGuid():N}"[..20] + "-",
        })))
        {
            outcome = RunOutcome.From(await new ScenarioRunner(DomainCatalog.SocialNetwork()).RunAsync(scenario, cluster, cancellationToken: Timeout));
        }

        foreach (var (key, value) in outcome.Record.Counters) output.WriteLine($"{key} = {value}");
        LiveClusters.AssertConverged(outcome);
        Assert.Equal(0, outcome.Record.Counters.GetValueOrDefault("replication.restarts"));
    }

    public void Dispose() => _run.Dispose();
}
