using Convergence.Domain.Envelope;
using Convergence.Domain.Events;
using Convergence.Domain.Identity;
using Convergence.Domain.Projection;
using Convergence.Properties.Tests.Generators;
using Convergence.Simulator.Checks;
using Convergence.Simulator.Engine;
using Convergence.Simulator.Faults;
using Convergence.Simulator.Runs;
using Convergence.Simulator.Scenarios;
using Convergence.Simulator.Simulation;

namespace Convergence.Properties.Tests.Simulation;

/// <summary>A broken cluster is not a broken handler: the run ends as a cluster failure, with no law judged.</summary>
public sealed class ClusterFailureTests
{
    [Fact]
    public async Task An_engine_whose_appends_fail_ends_as_a_cluster_failure_not_a_progress_violation()
    {
        var scenario = ScenarioCatalog.Create("steady", 3, new ScenarioOverrides(Duration: TimeSpan.FromSeconds(10)));
        await using var engine = new AppendsFailAfter(20, new SimulatedCluster());

        var outcome = RunOutcome.From(await new ScenarioRunner(Catalogs.Convergent).RunAsync(scenario, engine));

        Assert.Equal(RunStatus.ClusterFailure, outcome.Status);
        Assert.Contains("replica unreachable", outcome.Record.ClusterFailure);
        Assert.Null(outcome.Record.Failure);
        Assert.True(Assert.Single(outcome.Checks.Laws, l => l.Law == "L4").Passed);
        Assert.DoesNotContain(outcome.Checks.Laws, l => l.Law is "L1" or "L3" or "L5");
    }

    /// <summary>The simulated cluster, except that after a number of appends every append fails as a dead replica would.</summary>
    private sealed class AppendsFailAfter(int appends, SimulatedCluster inner) : IClusterEngine
    {
        private int _appended;

        public string Name => inner.Name;
        public TimeSpan Elapsed => inner.Elapsed;
        public ValueTask StartAsync(Scenario scenario, RunRecorder recorder, CancellationToken cancellationToken) => inner.StartAsync(scenario, recorder, cancellationToken);
        public ValueTask AdvanceToAsync(TimeSpan at, CancellationToken cancellationToken) => inner.AdvanceToAsync(at, cancellationToken);
        public ReadModel StateOf(RegionId region) => inner.StateOf(region);

        public ValueTask<EventEnvelope> AppendAsync(RegionId region, DomainEvent payload, CancellationToken cancellationToken) =>
            ++_appended > appends
                ? throw new ClusterFailureException($"replica unreachable: append in {region} got no answer")
                : inner.AppendAsync(region, payload, cancellationToken);

        public ValueTask ApplyFaultAsync(int faultId, Fault fault, CancellationToken cancellationToken) => inner.ApplyFaultAsync(faultId, fault, cancellationToken);
        public ValueTask ClearFaultAsync(int faultId, CancellationToken cancellationToken) => inner.ClearFaultAsync(faultId, cancellationToken);
        public ValueTask<Quiescence> WaitForQuiescenceAsync(TimeSpan bound, CancellationToken cancellationToken) => inner.WaitForQuiescenceAsync(bound, cancellationToken);
        public ValueTask SampleDigestsAsync(CancellationToken cancellationToken) => inner.SampleDigestsAsync(cancellationToken);
        public ValueTask<IReadOnlyList<RegionSnapshot>> ReadRegionsAsync(CancellationToken cancellationToken) => inner.ReadRegionsAsync(cancellationToken);
        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
