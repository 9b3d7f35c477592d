using Convergence.Cli.Chaos;
using Convergence.Domain.Clock;
using Convergence.Domain.Envelope;
using Convergence.Domain.Events;
using Convergence.Domain.Identity;
using Convergence.Domain.Modules;
using Convergence.Domain.Projection;
using Convergence.Simulator.Engine;
using Convergence.Simulator.Faults;
using Convergence.Simulator.Network;
using Convergence.Simulator.Reports;
using Convergence.Simulator.Runs;
using Convergence.Simulator.Scenarios;
using Xunit;

namespace Convergence.Chaos.Tests.Live;

/// <summary>
/// The open-loop workload on a wall-clock engine: each region's clients keep their own schedule whatever another
/// region's server does, a region whose appends cannot keep up skips (and counts) what it cannot send, the report says
/// so, and the rate guard counts every region's replicated writes. A fake engine with a per-region append latency
/// stands in for a slow replica, so no server is needed.
/// </summary>
public sealed class OpenLoopWorkloadTests
{
    private static readonly RegionId Eu = new("eu");
    private static readonly RegionId Us = new("us");
    private static readonly DomainCatalog Catalog = DomainCatalog.SocialNetwork();

    [Fact]
    public async Task SlowRegion_DoesNotDelayTheFaultTimeline_NorTheOtherRegionsSchedule()
    {
        var scenario = TwoRegions(rate: 20, TimeSpan.FromSeconds(2),
            [new ScheduledFault(1, TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(700), new PartitionFault(Eu, Us))]);
        await using var engine = new RegionLatencyEngine(new Dictionary<RegionId, TimeSpan> { [Eu] = TimeSpan.FromSeconds(1.5) });

        var record = await new ScenarioRunner(Catalog) { MaxInFlightPerRegion = 4 }.RunAsync(scenario, engine);

        var fault = Assert.Single(record.Faults);
        Assert.InRange(fault.StartUs, 500_000, 1_400_000);
        Assert.InRange(fault.EndUs!.Value, 1_200_000, 2_100_000);
        var rates = WorkloadRates.Of(record).Summary.Regions.ToDictionary(r => r.Region);
        // us has a fast server: it stored every action its schedule drew, at the same time as eu's appends waited.
        Assert.True(rates["us"].Due > 20, $"us drew only {rates["us"].Due} actions");
        Assert.Equal(rates["us"].Due - rates["us"].NoProposal, rates["us"].Stored);
        Assert.Equal(0, rates["us"].Skipped);
        // eu's 1.5 s appends with 4 in flight carry at most 4 per 1.5 s: the rest was skipped and counted, not lost silently.
        Assert.True(rates["eu"].Skipped > 0, "eu skipped nothing although its server could not keep up");
        Assert.Equal(rates["eu"].Due - rates["eu"].NoProposal, rates["eu"].Stored + rates["eu"].Skipped);
    }

    [Fact]
    public async Task RunThatCannotKeepItsRate_SaysSoInReportMd_AndOneThatCanDoesNot()
    {
        // One append in flight that takes 3 s: eu stores one action of the dozens its schedule draws.
        var slow = await RunAndWriteReportAsync(new Dictionary<RegionId, TimeSpan> { [Eu] = TimeSpan.FromSeconds(3) });
        var fast = await RunAndWriteReportAsync(new Dictionary<RegionId, TimeSpan>());

        Assert.Contains("## Workload: requested and achieved rate", slow, StringComparison.Ordinal);
        Assert.Contains("**Warning: region eu stored", slow, StringComparison.Ordinal);
        Assert.DoesNotContain("**Warning: region us", slow, StringComparison.Ordinal);
        // The negative control: the same run on fast servers held its schedule and says that instead.
        Assert.Contains("## Workload: requested and achieved rate", fast, StringComparison.Ordinal);
        Assert.DoesNotContain("**Warning: region", fast, StringComparison.Ordinal);
        Assert.Contains("Every region stored at least 95", fast, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BatchedClients_GoOutInGroups_AndEveryActionIsStored()
    {
        var scenario = TwoRegions(rate: 30, TimeSpan.FromSeconds(1.5), []);
        await using var engine = new RegionLatencyEngine(new Dictionary<RegionId, TimeSpan>());

        var record = await new ScenarioRunner(Catalog) { BatchSize = 5 }.RunAsync(scenario, engine);

        var rates = WorkloadRates.Of(record).Summary.Regions;
        Assert.All(rates, r => Assert.Equal(r.Due - r.NoProposal, r.Stored));
        Assert.True(engine.Batches > 0, "no batch was appended");
        // Groups of 5, the last of each region possibly shorter.
        Assert.True(engine.LargestBatch == 5, $"largest batch {engine.LargestBatch}");
    }

    [Theory]
    [InlineData(3, 13, true)]
    [InlineData(3, 14, false)]
    [InlineData(6, 3, true)]
    [InlineData(6, 4, false)]
    [InlineData(12, 1, false)]
    public void RateGuard_CountsEveryRegionsReplicatedWrites(int regions, double rate, bool allowed)
    {
        var scenario = Scenario.Create("steady", 1, RegionNames.First(regions), Topology.Mesh, WorkloadOptions.AtRate(rate), [], TimeSpan.FromSeconds(60));

        var problem = RateGuard.EmbeddedProblem(scenario);

        Assert.Equal(allowed, problem is null);
        Assert.Equal(rate * regions, RateGuard.StoredPerServer(scenario));
        if (problem is not null) Assert.Contains($"with {regions} regions", problem, StringComparison.Ordinal);
        // The one-line error stays one line in a 250-column log.
        if (problem is not null) Assert.True(problem.Length < 240, problem);
    }

    private static async Task<string> RunAndWriteReportAsync(Dictionary<RegionId, TimeSpan> latency)
    {
        var scenario = TwoRegions(rate: 20, TimeSpan.FromSeconds(2), []);
        await using var engine = new RegionLatencyEngine(latency);
        var record = await new ScenarioRunner(Catalog) { MaxInFlightPerRegion = 1 }.RunAsync(scenario, engine);
        var outcome = RunOutcome.From(record);
        var folder = Path.Combine(Path.GetTempPath(), "convergence-tests", "open-loop-" + Guid.NewGuid().ToString("N"));
        try
        {
            await ReportWriter.WriteAsync(folder, outcome.Record, outcome.Checks, outcome.Metrics, outcome.Summary,
                [WorkloadRates.Of(record).ToSection()], CancellationToken.None);
            return await File.ReadAllTextAsync(Path.Combine(folder, "report.md"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static Scenario TwoRegions(double rate, TimeSpan phase, IReadOnlyList<ScheduledFault> faults) =>
        Scenario.Create("open-loop", 5, [Eu, Us], Topology.Mesh, WorkloadOptions.AtRate(rate), faults, phase, livenessBound: TimeSpan.FromSeconds(5));

    /// <summary>
    /// A wall-clock engine with nothing behind it: appends take the region's latency (a slow replica), events are
    /// folded into one shared model at once so clients have something to act on, and batches are counted.
    /// </summary>
    private sealed class RegionLatencyEngine(IReadOnlyDictionary<RegionId, TimeSpan> latency) : IWallClockEngine, IBatchAppendEngine
    {
        private readonly long _start = TimeProvider.System.GetTimestamp();
        private readonly HybridLogicalClock _clock = new();
        private readonly Lock _gate = new();
        private ReadModel? _state;
        private long _next;
        private int _batches;
        private int _largestBatch;

        public int Batches => _batches;

        public int LargestBatch => _largestBatch;

        public string Name => "latency";

        public TimeSpan Elapsed => TimeProvider.System.GetElapsedTime(_start);

        public bool CutsLinksFor(Fault fault) => false;

        public ValueTask StartAsync(Scenario scenario, RunRecorder recorder, CancellationToken cancellationToken)
        {
            _state = new ReadModel(recorder.Catalog);
            return ValueTask.CompletedTask;
        }

        public async ValueTask AdvanceToAsync(TimeSpan at, CancellationToken cancellationToken)
        {
            for (var wait = at - Elapsed; wait > TimeSpan.Zero; wait = at - Elapsed)
                await Task.Delay(wait < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : wait, cancellationToken);
        }

        public ReadModel StateOf(RegionId region)
        {
            lock (_gate) return _state!.Clone();
        }

        public async ValueTask<EventEnvelope> AppendAsync(RegionId region, DomainEvent payload, CancellationToken cancellationToken)
        {
            if (latency.TryGetValue(region, out var wait)) await Task.Delay(wait, cancellationToken);
            return Store(region, payload);
        }

        public async ValueTask<IReadOnlyList<EventEnvelope>> AppendBatchAsync(RegionId region, IReadOnlyList<DomainEvent> payloads, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _batches);
            lock (_gate) _largestBatch = Math.Max(_largestBatch, payloads.Count);
            if (latency.TryGetValue(region, out var wait)) await Task.Delay(wait, cancellationToken);
            return payloads.Select(p => Store(region, p)).ToArray();
        }

        public ValueTask ApplyFaultAsync(int faultId, Fault fault, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask ClearFaultAsync(int faultId, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask<Quiescence> WaitForQuiescenceAsync(TimeSpan bound, CancellationToken cancellationToken) =>
            ValueTask.FromResult(Quiescence.ReachedAt((long)Elapsed.TotalMicroseconds));

        public ValueTask SampleDigestsAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask<IReadOnlyList<RegionSnapshot>> ReadRegionsAsync(CancellationToken cancellationToken) =>
            ValueTask.FromResult<IReadOnlyList<RegionSnapshot>>([]);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;

        private EventEnvelope Store(RegionId region, DomainEvent payload)
        {
            var now = DateTimeOffset.UnixEpoch + Elapsed;
            lock (_gate)
            {
                var envelope = new EventEnvelope(new EventId($"{region}-{++_next}"), region, _clock.Tick(now.ToUnixTimeMilliseconds()), now, payload);
                _state!.Apply(envelope);
                return envelope;
            }
        }
    }
}
