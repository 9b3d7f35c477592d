using Convergence.Domain.Identity;
using Convergence.Domain.Modules;
using Convergence.Domain.Social;
using Convergence.Simulator.Engine;
using Convergence.Simulator.Faults;
using Convergence.Simulator.Network;
using Convergence.Simulator.Runs;
using Convergence.Simulator.Scenarios;
using Xunit;

namespace Convergence.Properties.Tests.Simulation;

/// <summary>
/// What every <see cref="IClusterEngine"/> must do, written once (Eventuous-style conformance):
/// an engine joins with a one-line subclass that says how to create it. Time is driven only
/// through the engine, so the same tests hold in virtual and in wall-clock time.
/// </summary>
public abstract class ClusterEngineConformance
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(2);

    protected abstract IClusterEngine CreateEngine();

    private static Scenario ThreeRegions() =>
        Scenario.Create("conformance", 1, RegionNames.First(3), Topology.Mesh, WorkloadOptions.AtRate(1), [], TimeSpan.FromSeconds(10));

    private static async Task<(IClusterEngine Engine, RunRecorder Recorder, Scenario Scenario)> StartAsync(IClusterEngine engine)
    {
        var scenario = ThreeRegions();
        var recorder = new RunRecorder(scenario, DomainCatalog.SocialNetwork(), engine.Name);
        await engine.StartAsync(scenario, recorder, CancellationToken.None);
        return (engine, recorder, scenario);
    }

    private static UserRegistered Registration(int n) => new(new UserId($"u-test-{n}"), $"user{n}@example.com", "Ann");

    [Fact]
    public async Task Append_ThenQuiescence_EveryRegionHoldsAndAppliesTheEvent()
    {
        await using var engine = CreateEngine();
        var (_, recorder, scenario) = await StartAsync(engine);

        var appended = await engine.AppendAsync(scenario.Regions[0], Registration(1), CancellationToken.None);
        var quiescence = await engine.WaitForQuiescenceAsync(Bound, CancellationToken.None);
        var regions = await engine.ReadRegionsAsync(CancellationToken.None);

        Assert.True(quiescence.Reached, quiescence.Pending);
        Assert.Equal(scenario.Regions[0], appended.Origin);
        Assert.All(regions, r => Assert.Equal([0], r.Log));
        Assert.All(Enumerable.Range(0, 3), r => Assert.True(recorder.EventCount == 1 && engine.StateOf(scenario.Regions[r]).AppliedCount >= 1));
        Assert.Single(regions.Select(r => r.View.Digest).Distinct());
    }

    [Fact]
    public async Task Isolate_HoldsEventsBack_UntilTheFaultClears()
    {
        await using var engine = CreateEngine();
        var (_, _, scenario) = await StartAsync(engine);
        var isolated = scenario.Regions[2];

        await engine.ApplyFaultAsync(1, new IsolateFault(isolated), CancellationToken.None);
        await engine.AppendAsync(scenario.Regions[0], Registration(2), CancellationToken.None);
        var during = await engine.WaitForQuiescenceAsync(TimeSpan.FromSeconds(2), CancellationToken.None);
        var logsDuring = await engine.ReadRegionsAsync(CancellationToken.None);
        await engine.ClearFaultAsync(1, CancellationToken.None);
        var after = await engine.WaitForQuiescenceAsync(Bound, CancellationToken.None);
        var logsAfter = await engine.ReadRegionsAsync(CancellationToken.None);

        Assert.False(during.Reached);
        Assert.Contains("ap", during.Pending);
        Assert.Empty(logsDuring[2].Log);
        Assert.Single(logsDuring[1].Log);
        Assert.True(after.Reached, after.Pending);
        Assert.Single(logsAfter[2].Log);
    }

    [Fact]
    public async Task ProjectorCrash_ResumesFromItsCheckpoint_AndCatchesUp()
    {
        await using var engine = CreateEngine();
        var (_, _, scenario) = await StartAsync(engine);

        for (var i = 0; i < 5; i++) await engine.AppendAsync(scenario.Regions[i % 3], Registration(10 + i), CancellationToken.None);
        await engine.ApplyFaultAsync(7, new ProjectorCrashFault(scenario.Regions[1]), CancellationToken.None);
        var crashed = await engine.WaitForQuiescenceAsync(TimeSpan.FromSeconds(1), CancellationToken.None);
        await engine.ClearFaultAsync(7, CancellationToken.None);
        var resumed = await engine.WaitForQuiescenceAsync(Bound, CancellationToken.None);
        var regions = await engine.ReadRegionsAsync(CancellationToken.None);

        Assert.False(crashed.Reached);
        Assert.True(resumed.Reached, resumed.Pending);
        Assert.All(regions, r => Assert.Equal(5, r.ProjectorPosition));
        Assert.Single(regions.Select(r => r.View.Digest).Distinct());
    }

    [Fact]
    public async Task AdvanceTo_MovesTheEngineClockForward()
    {
        await using var engine = CreateEngine();
        await StartAsync(engine);

        await engine.AdvanceToAsync(TimeSpan.FromMilliseconds(300), CancellationToken.None);

        Assert.True(engine.Elapsed >= TimeSpan.FromMilliseconds(300));
    }
}
