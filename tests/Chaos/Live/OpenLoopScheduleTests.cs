using Convergence.Cli.Chaos;
using Convergence.Domain.Clock;
using Convergence.Domain.Envelope;
using Convergence.Domain.Events;
using Convergence.Domain.Identity;
using Convergence.Domain.Modules;
using Convergence.Domain.Projection;
using Convergence.Simulator.Engine;
using Convergence.Simulator.Faults;
using Convergence.Simulator.Runs;
using Convergence.Simulator.Scenarios;
using Xunit;

namespace Convergence.Chaos.Tests.Live;

/// <summary>
/// On a wall-clock engine the fault timeline does not wait for the clients: an append stuck on a slow server cannot
/// push a fault late. A fake engine whose every append takes 3 s shows it without any replica.
/// </summary>
public sealed class OpenLoopScheduleTests
{
    private static readonly RegionId Eu = new("eu");
    private static readonly RegionId Us = new("us");

    [Fact]
    public async Task SlowAppends_DoNotDelayTheFaultTimeline_OnAWallClockEngine()
    {
        var scenario = Scenario.Create("slow-appends", 1, [Eu, Us], Simulator.Network.Topology.Mesh, WorkloadOptions.AtRate(20),
            [new ScheduledFault(1, TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(500), new PartitionFault(Eu, Us))],
            TimeSpan.FromMilliseconds(1500), livenessBound: TimeSpan.FromSeconds(5));
        await using var engine = new SlowAppendEngine(TimeSpan.FromSeconds(3));

        var record = await new ScenarioRunner(DomainCatalog.SocialNetwork()).RunAsync(scenario, engine);
        var fault = Assert.Single(record.Faults);

        Assert.True(engine.Appends > 0, "no append was started, so nothing could have delayed the faults");
        // Planned at 0.5 s and healed at 1.0 s; a closed loop would have applied it after the first 3 s append.
        Assert.InRange(fault.StartUs, 500_000, 1_400_000);
        Assert.InRange(fault.EndUs!.Value, 1_000_000, 2_400_000);
        // The heal of everything happens at the planned end too, while the last append still waits for its server.
        Assert.InRange(record.SafetyEndUs, 1_500_000, 2_900_000);
        Assert.Empty(FaultTiming.Of(record).Drifted);
    }

    [Fact]
    public async Task SlowAppends_DelayTheFaults_WhenTheEngineIsDrivenAsOneLoop()
    {
        // Negative control: the same engine seen as a plain (virtual-time style) engine gets the single loop, and the
        // fault waits for the 3 s append — what the assertions above would catch.
        var scenario = Scenario.Create("slow-appends", 1, [Eu, Us], Simulator.Network.Topology.Mesh, WorkloadOptions.AtRate(20),
            [new ScheduledFault(1, TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(500), new PartitionFault(Eu, Us))],
            TimeSpan.FromMilliseconds(1500), livenessBound: TimeSpan.FromSeconds(5));
        await using var engine = new SlowAppendEngine(TimeSpan.FromSeconds(3));

        var record = await new ScenarioRunner(DomainCatalog.SocialNetwork()).RunAsync(scenario, new SingleLoop(engine));

        Assert.True(Assert.Single(record.Faults).StartUs >= 3_000_000);
        Assert.NotEmpty(FaultTiming.Of(record).Drifted);
    }

    [Fact]
    public void FaultTiming_StepLaterThanOneSecond_IsFlagged_AndOneWithinIsNot()
    {
        var scenario = Scenario.Create("timing", 1, [Eu, Us], Simulator.Network.Topology.Mesh, WorkloadOptions.AtRate(0),
            [
                new ScheduledFault(1, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10), new PartitionFault(Eu, Us)),
                new ScheduledFault(2, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(5), new PartitionFault(Eu, Us)),
            ],
            TimeSpan.FromSeconds(60));
        var recorder = new RunRecorder(scenario, DomainCatalog.SocialNetwork(), "live");
        recorder.RecordFaultStart(scenario.Faults[0], 10_200_000);   // 0.2 s late: fine
        recorder.RecordFaultEnd(1, 23_500_000);                      // 3.5 s late: flagged
        recorder.RecordFaultStart(scenario.Faults[1], 30_000_000);
        recorder.RecordFaultEnd(2, 35_900_000);                      // 0.9 s late: fine
        recorder.RecordHealAll(72_900_000);                          // the 60 s phase ended at 72.9 s: flagged
        var record = recorder.Complete(Quiescence.ReachedAt(73_000_000), [], 73_000_000, null);

        var timing = FaultTiming.Of(record);
        var section = timing.ToSection();

        Assert.Equal(5, timing.Steps.Count);
        Assert.Equal(["heal", "heal all"], timing.Drifted.Select(s => s.Kind));
        Assert.Equal(TimeSpan.FromSeconds(3.5), timing.Drifted[0].Drift);
        Assert.Contains("| heal | #1 ", section.Markdown, StringComparison.Ordinal);
        Assert.Contains("**+3500 ms**", section.Markdown, StringComparison.Ordinal);
        Assert.Contains("**2 step(s) drifted", section.Markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Retimed_MovesEveryFaultToItsActualWindow_ForTheSimulatorToReplay()
    {
        var scenario = Scenario.Create("timing", 7, [Eu, Us], Simulator.Network.Topology.Mesh, WorkloadOptions.AtRate(1),
            [new ScheduledFault(1, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10), new PartitionFault(Eu, Us))], TimeSpan.FromSeconds(60));
        var recorder = new RunRecorder(scenario, DomainCatalog.SocialNetwork(), "live");
        recorder.RecordFaultStart(scenario.Faults[0], 13_000_000);
        recorder.RecordFaultEnd(1, 25_000_000);
        recorder.RecordHealAll(61_000_000);
        var record = recorder.Complete(Quiescence.ReachedAt(62_000_000), [], 62_000_000, null);

        var retimed = FaultTiming.Retimed(record)!;

        var fault = Assert.Single(retimed.Faults);
        Assert.Equal(TimeSpan.FromSeconds(13), fault.At);
        Assert.Equal(TimeSpan.FromSeconds(12), fault.Duration);
        Assert.Equal(TimeSpan.FromSeconds(61), retimed.SafetyPhase);
        Assert.Equal(scenario.Seed, retimed.Seed);
    }

    /// <summary>The engine without its wall-clock marker.</summary>
    private sealed class SingleLoop(IClusterEngine inner) : IClusterEngine
    {
        public string Name => inner.Name;

        public TimeSpan Elapsed => inner.Elapsed;

        public ValueTask StartAsync(Scenario scenario, RunRecorder recorder, CancellationToken cancellationToken) => inner.StartAsync(scenario, recorder, cancellationToken);

        public ValueTask AdvanceToAsync(TimeSpan at, CancellationToken cancellationToken) => inner.AdvanceToAsync(at, cancellationToken);

        public ReadModel StateOf(RegionId region) => inner.StateOf(region);

        public ValueTask<EventEnvelope> AppendAsync(RegionId region, DomainEvent payload, CancellationToken cancellationToken) => inner.AppendAsync(region, payload, cancellationToken);

        public ValueTask ApplyFaultAsync(int faultId, Fault fault, CancellationToken cancellationToken) => inner.ApplyFaultAsync(faultId, fault, cancellationToken);

        public ValueTask ClearFaultAsync(int faultId, CancellationToken cancellationToken) => inner.ClearFaultAsync(faultId, cancellationToken);

        public ValueTask<Quiescence> WaitForQuiescenceAsync(TimeSpan bound, CancellationToken cancellationToken) => inner.WaitForQuiescenceAsync(bound, cancellationToken);

        public ValueTask SampleDigestsAsync(CancellationToken cancellationToken) => inner.SampleDigestsAsync(cancellationToken);

        public ValueTask<IReadOnlyList<RegionSnapshot>> ReadRegionsAsync(CancellationToken cancellationToken) => inner.ReadRegionsAsync(cancellationToken);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    /// <summary>A wall-clock engine with nothing behind it whose first append takes a long time, as a loaded server's would.</summary>
    private sealed class SlowAppendEngine(TimeSpan appendTime) : IWallClockEngine
    {
        private readonly long _start = TimeProvider.System.GetTimestamp();
        private readonly HybridLogicalClock _clock = new();
        private ReadModel? _state;
        private int _appends;
        private long _next;

        public int Appends => _appends;

        public string Name => "slow";

        public TimeSpan Elapsed => TimeProvider.System.GetElapsedTime(_start);

        public bool CutsLinksFor(Fault fault) => false;

        public ValueTask StartAsync(Scenario scenario, RunRecorder recorder, CancellationToken cancellationToken)
        {
            _state = new ReadModel(recorder.Catalog);
            return ValueTask.CompletedTask;
        }

        public async ValueTask AdvanceToAsync(TimeSpan at, CancellationToken cancellationToken)
        {
            // Timers may fire a little early: wait again until the clock has reached the instant, as LiveCluster does.
            for (var wait = at - Elapsed; wait > TimeSpan.Zero; wait = at - Elapsed)
                await Task.Delay(wait < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : wait, cancellationToken);
        }

        public ReadModel StateOf(RegionId region) => _state!;

        public async ValueTask<EventEnvelope> AppendAsync(RegionId region, DomainEvent payload, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _appends) == 1) await Task.Delay(appendTime, cancellationToken);
            var now = DateTimeOffset.UnixEpoch + Elapsed;
            return new EventEnvelope(new EventId($"{region}-{Interlocked.Increment(ref _next)}"), region, _clock.Tick(now.ToUnixTimeMilliseconds()), now, payload);
        }

        public ValueTask ApplyFaultAsync(int faultId, Fault fault, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask ClearFaultAsync(int faultId, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask<Quiescence> WaitForQuiescenceAsync(TimeSpan bound, CancellationToken cancellationToken) =>
            ValueTask.FromResult(Quiescence.ReachedAt((long)Elapsed.TotalMicroseconds));

        public ValueTask SampleDigestsAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask<IReadOnlyList<RegionSnapshot>> ReadRegionsAsync(CancellationToken cancellationToken) =>
            ValueTask.FromResult<IReadOnlyList<RegionSnapshot>>([]);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
