using Convergence.Simulator.Faults;
using Convergence.Simulator.Network;
using Convergence.Simulator.Scenarios;
using Xunit;

namespace Convergence.Properties.Tests.Simulation;

public sealed class ScenarioCatalogTests
{
    [Theory]
    [MemberData(nameof(AllNames))]
    public void Create_EveryNamedScenario_IsValidAndNamed(string name)
    {
        var scenario = ScenarioCatalog.Create(name, 1);

        Assert.Equal(name, scenario.Name);
        Assert.Equal(1UL, scenario.Seed);
        Assert.True(scenario.Regions.Count >= 2);
        Assert.NotEmpty(scenario.Links);
    }

    public static TheoryData<string> AllNames() => new(ScenarioCatalog.Names);

    [Fact]
    public void Create_Partition_IsolatesTheLastRegionInTheMiddleOfTheRun()
    {
        var scenario = ScenarioCatalog.Create("partition", 1, new ScenarioOverrides(Regions: 4, Duration: TimeSpan.FromSeconds(100)));

        var fault = Assert.Single(scenario.Faults);
        Assert.Equal(new IsolateFault(scenario.Regions[3]), fault.Fault);
        Assert.Equal(TimeSpan.FromSeconds(25), fault.At);
        Assert.Equal(TimeSpan.FromSeconds(65), fault.HealAt);
    }

    [Fact]
    public void Create_Overrides_ReplaceDefaults()
    {
        var scenario = ScenarioCatalog.Create("steady", 9, new ScenarioOverrides(5, TimeSpan.FromMinutes(2), 7.5, Topology.Ring));

        Assert.Equal(5, scenario.Regions.Count);
        Assert.Equal(TimeSpan.FromMinutes(2), scenario.SafetyPhase);
        Assert.Equal(7.5, scenario.Workload.RatePerRegion);
        Assert.Equal(Topology.Ring, scenario.Topology);
        Assert.Equal(10, scenario.Links.Count);
    }

    [Fact]
    public void Create_Swarm_IsAFunctionOfTheSeed()
    {
        Assert.Equal(ScenarioCatalog.Create("swarm", 5).ToString(), ScenarioCatalog.Create("swarm", 5).ToString());
        Assert.Equal(ScenarioCatalog.Create("swarm", 5).Faults, ScenarioCatalog.Create("swarm", 5).Faults);
        var worlds = Enumerable.Range(0, 20).Select(s => ScenarioCatalog.Create("swarm", (ulong)s).ToString()).Distinct().Count();
        Assert.True(worlds > 15, $"only {worlds} distinct swarm worlds in 20 seeds");
    }

    [Fact]
    public void Create_SwarmWithOverridesEqualToTheDrawnValues_IsTheSameWorld()
    {
        var drawn = ScenarioCatalog.Create("swarm", 11);
        var replayed = ScenarioCatalog.Create("swarm", 11, new ScenarioOverrides(
            drawn.Regions.Count, drawn.SafetyPhase, drawn.Workload.RatePerRegion, drawn.Topology));

        Assert.Equal(drawn.ToString(), replayed.ToString());
        Assert.Equal(drawn.Faults, replayed.Faults);
    }

    [Fact]
    public void Create_SwarmPairFaults_UseLinksOfTheTopology()
    {
        for (ulong seed = 0; seed < 50; seed++)
        {
            var scenario = ScenarioCatalog.Create("swarm", seed, new ScenarioOverrides(Topology: Topology.Star));
            foreach (var fault in scenario.Faults.Select(f => f.Fault).OfType<PartitionFault>())
                Assert.True(scenario.IndexOf(fault.A) == 0 || scenario.IndexOf(fault.B) == 0, $"seed {seed}: {fault} is not a star link");
        }
    }

    [Theory]
    [InlineData("nope", null, null, null, "unknown scenario")]
    [InlineData("steady", 1, null, null, "--regions")]
    [InlineData("steady", 13, null, null, "--regions")]
    [InlineData("steady", null, 0.5, null, "--duration")]
    [InlineData("steady", null, null, -1.0, "--rate")]
    [InlineData("steady", null, null, 0.0, "--rate")]
    public void Create_BadInput_ThrowsOneReadableLine(string name, int? regions, double? durationS, double? rate, string mentions)
    {
        var overrides = new ScenarioOverrides(regions, durationS is { } d ? TimeSpan.FromSeconds(d) : null, rate);

        var error = Assert.ThrowsAny<ArgumentException>(() => ScenarioCatalog.Create(name, 1, overrides));

        Assert.Contains(mentions, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void ScenarioCreate_FaultOnUnknownRegion_IsRejected()
    {
        var regions = RegionNames.First(2);
        var bad = new ScheduledFault(1, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), new IsolateFault(new("mars")));

        var error = Assert.Throws<ArgumentException>(() =>
            Scenario.Create("x", 1, regions, Topology.Mesh, WorkloadOptions.AtRate(1), [bad], TimeSpan.FromSeconds(10)));

        Assert.Contains("mars", error.Message);
    }

    [Theory]
    [InlineData(Topology.Mesh, 4, 12)]
    [InlineData(Topology.Ring, 4, 8)]
    [InlineData(Topology.Ring, 2, 2)]
    [InlineData(Topology.Star, 4, 6)]
    public void ReplicationLinkOf_Topology_GivesDirectedLinks(Topology topology, int regions, int links) =>
        Assert.Equal(links, ReplicationLink.Of(topology, regions).Count);

    [Fact]
    public void ScenarioCreate_PartitionOfUnlinkedPair_IsRejected()
    {
        var regions = RegionNames.First(4);
        var partition = new ScheduledFault(1, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), new PartitionFault(regions[1], regions[2]));

        var error = Assert.Throws<ArgumentException>(() =>
            Scenario.Create("x", 1, regions, Topology.Star, WorkloadOptions.AtRate(1), [partition], TimeSpan.FromSeconds(10)));

        Assert.Contains("not linked in a star of 4", error.Message);
    }

    [Fact]
    public void Create_MixedOverSeeds_DrawsEveryLiveFaultKindInSlotsThatDoNotOverlap()
    {
        var kinds = new HashSet<Type>();
        for (ulong seed = 0; seed < 10; seed++)
        {
            var scenario = ScenarioCatalog.Create("mixed", seed, new ScenarioOverrides(Duration: TimeSpan.FromSeconds(80)));

            Assert.Equal(8, scenario.Faults.Count);
            for (var i = 1; i < scenario.Faults.Count; i++) Assert.True(scenario.Faults[i - 1].HealAt <= scenario.Faults[i].At, scenario.ToString());
            Assert.All(scenario.Faults, f => Assert.True(f.HealAt <= scenario.SafetyPhase));
            kinds.UnionWith(scenario.Faults.Select(f => f.Fault.GetType()));
        }

        Assert.Equal(
            new[] { typeof(PartitionFault), typeof(IsolateFault), typeof(LinkLatencyFault), typeof(BandwidthFault), typeof(FlappingLinkFault),
                typeof(ResetPeerFault), typeof(ProjectorCrashFault), typeof(ReplicaRestartFault) }.OrderBy(t => t.Name),
            kinds.OrderBy(t => t.Name));
    }

    [Fact]
    public void Create_LivenessBoundOverride_CapsTheLivenessPhase()
    {
        var scenario = ScenarioCatalog.Create("partition", 1, new ScenarioOverrides(LivenessBound: TimeSpan.FromSeconds(45)));

        Assert.Equal(TimeSpan.FromSeconds(45), scenario.LivenessBound);
    }
}
