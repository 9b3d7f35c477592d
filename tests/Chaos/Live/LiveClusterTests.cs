using System.Text.Json;
using Convergence.Chaos.Tests.Support;
using Convergence.Cluster.Live;
using Convergence.Cluster.Replicas;
using Convergence.Domain.Identity;
using Convergence.Domain.Modules;
using Convergence.Domain.Social;
using Convergence.Domain.Stores;
using Convergence.Simulator.Checks;
using Convergence.Simulator.Faults;
using Convergence.Simulator.Runs;
using Convergence.Stores.Sqlite;
using Xunit;
using Xunit.Abstractions;

namespace Convergence.Chaos.Tests.Live;

[Collection(LiveClusterCollection.Name)]
public sealed class LiveClusterTests(LiveProcessLedger ledger, ITestOutputHelper output)
{
    private static readonly RegionId Eu = LiveClusters.Regions[0];
    private static readonly RegionId Us = LiveClusters.Regions[1];
    private static readonly RegionId Ap = LiveClusters.Regions[2];

    [Fact]
    public async Task ConcurrentAppends_InAllRegions_ConvergeToTheSpec()
    {
        var (outcome, _) = await LiveClusters.RunAsync(LiveClusters.Scenario("live-steady", 8, TimeSpan.FromSeconds(6)), ledger);

        LiveClusters.AssertConverged(outcome);
        Report(outcome);
    }

    [Fact]
    public async Task IsolatedRegion_ProxiesDisabled_ConvergesAfterTheHeal()
    {
        var (outcome, heals) = await LiveClusters.RunAsync(LiveClusters.Scenario("live-partition", 6, TimeSpan.FromSeconds(8),
            new ScheduledFault(1, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(4), new IsolateFault(Ap))), ledger);

        LiveClusters.AssertConverged(outcome);
        Assert.Contains(heals, h => h.Link.EndsWith("->ap", StringComparison.Ordinal) && h.FirstDocument is not null);
        Report(outcome, heals);
    }

    [Fact]
    public async Task IsolatedRegion_Blackholed_ConvergesAfterTheHeal()
    {
        var (outcome, heals) = await LiveClusters.RunAsync(LiveClusters.Scenario("live-blackhole", 6, TimeSpan.FromSeconds(8),
            new ScheduledFault(1, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(4), new BlackholeFault(Ap, Eu)),
            new ScheduledFault(2, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(4), new BlackholeFault(Ap, Us))), ledger);

        LiveClusters.AssertConverged(outcome);
        Assert.Contains(heals, h => h.Link.EndsWith("->ap", StringComparison.Ordinal) && h.FirstDocument is not null);
        Report(outcome, heals);
    }

    [Fact]
    public async Task ProjectorCrash_MidRun_ResumesFromItsCheckpointAndConverges()
    {
        var (outcome, _) = await LiveClusters.RunAsync(LiveClusters.Scenario("live-crash", 8, TimeSpan.FromSeconds(7),
            new ScheduledFault(1, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(1), new ProjectorCrashFault(Us))), ledger);

        LiveClusters.AssertConverged(outcome);
        Assert.Equal(1, outcome.Record.Counters["projector.crashes"]);
        Assert.True(outcome.Record.Counters["projector.checkpoints"] > 0);
        // Exactly the events processed after the last checkpoint were applied again, once each (none when the crash hit
        // a checkpoint; the conformance case covers a crash before any checkpoint, where all are applied again).
        var repeated = Enumerable.Range(0, outcome.Record.EventCount).Count(i => outcome.Record.ApplyCount(1, i) > 1);
        Assert.Equal(outcome.Record.Counters["projector.redeliveries"], repeated);
        Assert.All(Enumerable.Range(0, outcome.Record.EventCount), i => Assert.InRange(outcome.Record.ApplyCount(1, i), 1, 2));
        Report(outcome);
    }

    [Theory]
    [InlineData(CheckpointMode.WithState)]
    [InlineData(CheckpointMode.Separate)]
    public async Task ProjectorCrash_OnTheSqliteStore_ResumesFromTheStoresOwnCheckpointAndConverges(CheckpointMode mode)
    {
        using var files = new TestRunDirectory();
        var catalog = DomainCatalog.SocialNetwork().WithStore(new SqliteStore(mode, files.Path));

        var (outcome, _) = await LiveClusters.RunAsync(LiveClusters.Scenario("live-sqlite-crash", 8, TimeSpan.FromSeconds(7),
            new ScheduledFault(1, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(1), new ProjectorCrashFault(Us))), ledger, catalog);

        LiveClusters.AssertConverged(outcome);
        Assert.Equal(1, outcome.Record.Counters["projector.crashes"]);
        Assert.Contains(outcome.Checks.Laws, l => l.Law == RebuildCheck.Law && l.Passed && l.Detail.Contains("sqlite"));
        Assert.All(LiveClusters.Regions, r => Assert.True(File.Exists(Path.Combine(files.Path, r.Value + ".sqlite")), $"no database file for {r}"));
        Report(outcome);
    }

    [Fact]
    public async Task ReplicaKilled_AndRestartedOnItsData_Converges()
    {
        var (outcome, _) = await LiveClusters.RunAsync(LiveClusters.Scenario("live-restart", 6, TimeSpan.FromSeconds(8),
            new ScheduledFault(1, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2), new ReplicaRestartFault(Us))), ledger);

        LiveClusters.AssertConverged(outcome);
        Assert.Equal(1, outcome.Record.Counters["replica.kills"]);
        Report(outcome);
    }

    [Fact]
    public async Task FlappingLink_ResetPeers_AndLatency_Converge()
    {
        var (outcome, heals) = await LiveClusters.RunAsync(LiveClusters.Scenario("live-flapping", 6, TimeSpan.FromSeconds(8),
            new ScheduledFault(1, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), new FlappingLinkFault(Eu, Us, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1))),
            new ScheduledFault(2, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3), new ResetPeerFault(Ap, Eu)),
            new ScheduledFault(3, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(6),
                new LinkLatencyFault(Us, Ap, new Simulator.Network.LatencyDistribution(TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(300))))), ledger);

        LiveClusters.AssertConverged(outcome);
        Report(outcome, heals);
    }

    [Fact]
    public async Task StoppedReplication_IsRecreatedByTheSupervisor()
    {
        // A star (eu the hub): what eu writes reaches us only over eu->us, so nothing can route around the stopped link.
        var scenario = Simulator.Scenarios.Scenario.Create("live-stopped", 42, LiveClusters.Regions, Simulator.Network.Topology.Star,
            Simulator.Scenarios.WorkloadOptions.AtRate(0), [], TimeSpan.FromSeconds(1), livenessBound: TimeSpan.FromSeconds(60));
        using var run = new TestRunDirectory();
        var recorder = new RunRecorder(scenario, DomainCatalog.SocialNetwork(), "live");
        await using var cluster = ledger.Track(new LiveCluster(LiveClusters.Options(run) with { StallTimeout = TimeSpan.FromSeconds(1) }));
        await cluster.StartAsync(scenario, recorder, CancellationToken.None);
        using (var eu = cluster.Replicas[0].CreateClient())
        {
            // What a dead replication looks like from outside: the document says nothing, documents stop arriving.
            Assert.True(await eu.Replicator.DeleteAsync(cluster.ReplicationDocumentId(Eu, Us)));
        }

        await cluster.AppendAsync(Eu, new UserRegistered(new UserId("u-1"), "ann@example.com", "Ann"), CancellationToken.None);
        var quiescence = await cluster.WaitForQuiescenceAsync(TimeSpan.FromSeconds(60), CancellationToken.None);
        var regions = await cluster.ReadRegionsAsync(CancellationToken.None);
        var record = recorder.Complete(quiescence, regions, (long)cluster.Elapsed.TotalMicroseconds, null);

        Assert.True(quiescence.Reached, quiescence.Pending);
        Assert.Equal(1, record.Counters["replication.restarts.no-progress"]);
        Assert.Equal(1, record.Counters["replication.generation.eu->us"]);
    }

    [Fact]
    public async Task HandlerThrowingInAProjector_EndsTheRunAsAProgressViolation()
    {
        var scenario = LiveClusters.Scenario("live-throwing", 2, TimeSpan.FromSeconds(3));
        using var run = new TestRunDirectory();
        await using var cluster = ledger.Track(new LiveCluster(LiveClusters.Options(run)));

        var record = await new Simulator.Engine.ScenarioRunner(new DomainCatalog(new ThrowingModule())).RunAsync(scenario, cluster);
        var outcome = Simulator.Engine.RunOutcome.From(record);

        Assert.Equal(Simulator.Checks.RunStatus.ProgressViolation, outcome.Status);
        Assert.Contains("poke handler failed", record.Failure);
    }

    [Fact]
    public async Task ForeignDocuments_InALog_AreSkippedAndCounted()
    {
        using var run = new TestRunDirectory();
        var scenario = LiveClusters.Scenario("live-foreign", 1, TimeSpan.FromSeconds(1));
        var recorder = new RunRecorder(scenario, DomainCatalog.SocialNetwork(), "live");
        IReadOnlyCollection<int> pids;
        await using (var cluster = ledger.Track(new LiveCluster(LiveClusters.Options(run))))
        {
            await cluster.StartAsync(scenario, recorder, CancellationToken.None);
            var eu = cluster.DatabaseOf(Eu);
            await eu.PutDocumentAsync("not-an-event", Json.Parse("""{"_id":"not-an-event","hello":"world"}"""));
            await eu.PutDocumentAsync("stranger", Json.Parse("""{"_id":"stranger","type":"v9.Unheard","origin":"eu","hlc":{"wallMs":1,"counter":0},"appendedAt":"2026-01-01T00:00:00Z","payload":{}}"""));
            await cluster.AppendAsync(Us, new UserRegistered(new UserId("u-1"), "ann@example.com", "Ann"), CancellationToken.None);

            var quiescence = await cluster.WaitForQuiescenceAsync(TimeSpan.FromSeconds(60), CancellationToken.None);
            var regions = await cluster.ReadRegionsAsync(CancellationToken.None);
            var record = recorder.Complete(quiescence, regions, (long)cluster.Elapsed.TotalMicroseconds, null);
            pids = cluster.ProcessIds;

            Assert.True(quiescence.Reached, quiescence.Pending);
            Assert.All(regions, r => Assert.Equal(2, r.Log.Count(i => i < 0)));
            Assert.All(regions, r => Assert.Equal(1, r.Log.Count(i => i == 0)));
            Assert.All(regions, r => Assert.Equal(3, r.ProjectorPosition));
            Assert.Equal(3, record.Counters["projector.skipped.MissingField"]);
            Assert.Equal(3, record.Counters["projector.skipped.UnknownType"]);
            Assert.Single(regions.Select(r => r.View.Digest).Distinct());
        }

        Assert.All(pids, pid => Assert.False(ProcessProbe.IsAlive(pid)));
    }

    private void Report(Simulator.Engine.RunOutcome outcome, IReadOnlyList<LinkHealTiming>? heals = null)
    {
        output.WriteLine($"{outcome.Record.Scenario.Name}: {outcome.Record.EventCount} events, {outcome.Status}, quiescent at {outcome.Record.Quiescence.AtUs / 1e6:0.00}s");
        foreach (var (key, value) in outcome.Record.Counters) output.WriteLine($"  {key} = {value}");
        foreach (var heal in heals ?? []) output.WriteLine($"  {heal}");
    }
}
