using Convergence.Domain.Modules;
using Convergence.Simulator.Engine;
using Convergence.Simulator.Scenarios;
using Convergence.Simulator.Simulation;

namespace Convergence.Properties.Tests.Simulation;

/// <summary>Runs a scenario to completion on the simulator; the simulated engine never yields, so this does not block.</summary>
internal static class SimulationRuns
{
    public static RunOutcome Run(Scenario scenario, DomainCatalog? catalog = null, SimulationOptions? options = null) =>
        Simulate.RunAsync(scenario, catalog ?? DomainCatalog.SocialNetwork(), options).GetAwaiter().GetResult();

    public static RunOutcome Run(SimulationCase c, DomainCatalog? catalog = null) => Run(c.ToScenario(), catalog);
}
