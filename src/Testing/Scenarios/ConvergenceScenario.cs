using Convergence.Domain.Modules;
using Convergence.Simulator.Checks;
using Convergence.Simulator.Engine;
using Convergence.Simulator.Reports;
using Convergence.Simulator.Scenarios;
using Convergence.Simulator.Simulation;
using Convergence.Testing.Laws;

namespace Convergence.Testing.Scenarios;

/// <summary>A scenario and the domain it runs on, in the deterministic simulator (virtual time: a 60 s run takes well under that).</summary>
public sealed class ConvergenceScenario(Scenario scenario, DomainCatalog domain)
{
    public Scenario Scenario { get; } = scenario;

    public DomainCatalog Domain { get; } = domain;

    /// <summary>Runs and judges the scenario; throws <see cref="ConvergenceLawException"/> unless every region converged (every law held).</summary>
    public async Task<RunOutcome> RunAsync(CancellationToken cancellationToken = default)
    {
        var outcome = await OutcomeAsync(cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        return outcome.Status == RunStatus.Converged
            ? outcome
            : throw new ConvergenceLawException(
                $"simulated {Scenario.Name} run on {Domain} (seed {Scenario.Seed}) ended {outcome.Status}, not Converged:\n\n" +
                outcome.Checks.Counterexample + "\n\nreplay: " + ReplayCommand.For(Scenario, "--module <your module>"),
                run: outcome);
    }

    /// <summary>The run's outcome as a value, converged or not, for tests that assert on its metrics or laws.</summary>
    public Task<RunOutcome> OutcomeAsync(CancellationToken cancellationToken = default) =>
        Simulate.RunAsync(Scenario, Domain, cancellationToken: cancellationToken);

    public override string ToString() => $"{Scenario.Name} on {Domain}, seed {Scenario.Seed}";
}
