using Convergence.Chaos.Tests.Support;
using Convergence.Cluster.Live;
using Convergence.Domain.Identity;
using Convergence.Domain.Modules;
using Convergence.Simulator.Engine;
using Convergence.Simulator.Faults;
using Convergence.Simulator.Network;
using Convergence.Simulator.Scenarios;
using Xunit;

namespace Convergence.Chaos.Tests.Live;

/// <summary>Scenarios sized for live tests (three regions, a few events per second, seconds long) and the run helper.</summary>
public static class LiveClusters
{
    public static readonly IReadOnlyList<RegionId> Regions = RegionNames.First(3);

    public static Scenario Scenario(string name, double rate, TimeSpan duration, params ScheduledFault[] faults) =>
        Simulator.Scenarios.Scenario.Create(name, 42, Regions, Topology.Mesh, WorkloadOptions.AtRate(rate), faults, duration,
            livenessBound: TimeSpan.FromSeconds(60), digestSampleInterval: TimeSpan.FromMilliseconds(500));

    public static LiveClusterOptions Options(TestRunDirectory run) => new(run.Path);

    /// <summary>Plays the scenario on a fresh live cluster, checks the record like the simulator's, and asserts that no server outlived it.</summary>
    public static async Task<(RunOutcome Outcome, IReadOnlyList<LinkHealTiming> Heals)> RunAsync(Scenario scenario, LiveProcessLedger ledger,
        DomainCatalog? catalog = null)
    {
        using var run = new TestRunDirectory();
        IReadOnlyCollection<int> pids;
        RunOutcome outcome;
        IReadOnlyList<LinkHealTiming> heals;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using (var cluster = ledger.Track(new LiveCluster(Options(run))))
        {
            var record = await new ScenarioRunner(catalog ?? DomainCatalog.SocialNetwork()).RunAsync(scenario, cluster, cancellationToken: timeout.Token);
            outcome = RunOutcome.From(record);
            heals = cluster.HealTimings;
            pids = cluster.ProcessIds;
        }

        Assert.NotEmpty(pids);
        Assert.All(pids, pid => Assert.False(ProcessProbe.IsAlive(pid), $"pouchdb-server pid {pid} outlived its cluster"));
        return (outcome, heals);
    }

    public static void AssertConverged(RunOutcome outcome)
    {
        var counters = string.Join(", ", outcome.Record.Counters.Select(c => $"{c.Key}={c.Value}"));
        Assert.True(outcome.Status == Simulator.Checks.RunStatus.Converged,
            $"{outcome.Status}: {outcome.Record.Quiescence.Pending}\n{outcome.Checks.Counterexample}\ncounters: {counters}");
        Assert.True(outcome.Record.EventCount > 0, "the workload appended nothing");
        Assert.All(outcome.Checks.Losses, loss => Assert.True(loss.IsClean && loss.Unknown == 0, loss.ToString()));
    }
}
