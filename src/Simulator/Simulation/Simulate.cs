using Convergence.Domain.Modules;
using Convergence.Simulator.Engine;
using Convergence.Simulator.Scenarios;

namespace Convergence.Simulator.Simulation;

/// <summary>The one-call entry point: runs a scenario on a fresh <see cref="SimulatedCluster"/> and judges it.</summary>
public static class Simulate
{
    public static async Task<RunOutcome> RunAsync(
        Scenario scenario, DomainCatalog catalog, SimulationOptions? options = null, IProgress<RunProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        await using var cluster = new SimulatedCluster(options);
        var record = await new ScenarioRunner(catalog).RunAsync(scenario, cluster, progress, cancellationToken).ConfigureAwait(false);
        return RunOutcome.From(record);
    }
}
