using Convergence.Simulator.Checks;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Convergence.Properties.Tests.Simulation;

/// <summary>Properties of whole simulated runs on the convergent social network: convergence, no loss, replay.</summary>
[Properties(Arbitrary = new[] { typeof(SimulationArbitraries) }, MaxTest = 40)]
public sealed class SimulationProperties
{
    [Property]
    public Property Simulate_AnyScenario_ConvergesAfterHealAndLosesNothing(SimulationCase c)
    {
        var outcome = SimulationRuns.Run(c);
        var laws = outcome.Checks.Laws.ToDictionary(l => l.Law);
        return (outcome.Status == RunStatus.Converged).Label($"status {outcome.Status}: {outcome.Checks.Counterexample}")
            .And(laws.TryGetValue("L5", out var l5) && l5.Passed).Label("L5 no loss")
            .And(outcome.Record.Quiescence.Reached).Label("quiescence reached")
            .Classify(outcome.Record.Faults.Count > 0, "with faults")
            .Classify(outcome.Record.Counters.GetValueOrDefault("replication.retries") > 0, "with retries")
            .Classify(outcome.Record.Counters.GetValueOrDefault("projector.redeliveries") > 0, "with redeliveries")
            .Collect(c.Scenario);
    }

    [Property(MaxTest = 25)]
    public Property Simulate_SameSeed_GivesIdenticalSummary(SimulationCase c)
    {
        var first = SimulationRuns.Run(c).Summary.ToJson();
        var second = SimulationRuns.Run(c).Summary.ToJson();
        return (first == second).Label("summary.json differs between two runs of one seed").Collect(c.Scenario);
    }

    [Property(MaxTest = 25)]
    public Property Simulate_SwarmWorld_Converges()
    {
        return Prop.ForAll(Arb.From(SimulationArbitraries.SwarmGen, _ => []), c =>
        {
            var outcome = SimulationRuns.Run(c);
            return (outcome.Status == RunStatus.Converged).Label($"{c}: {outcome.Status} {outcome.Checks.Counterexample}")
                .Collect($"{outcome.Record.Scenario.Faults.Count} faults");
        });
    }
}
