using Convergence.Domain.Modules;
using Convergence.Simulator.Scenarios;

namespace Convergence.Testing.Scenarios;

/// <summary>
/// The named scenarios of <c>convergence simulate</c>, ready to run from a test on a module added to the social
/// network (or on a whole domain): the same seed replays the same run byte for byte.
/// </summary>
/// <example>
/// <code>
/// [Fact]
/// public Task Visits_converge_after_a_partition() =&gt; ConvergenceScenarios.Partition(new VisitModule(), seed: 42).RunAsync();
/// </code>
/// </example>
public static class ConvergenceScenarios
{
    /// <summary>The last of three regions isolated from 25% to 65% of a 60 s (virtual) run, then healed.</summary>
    public static ConvergenceScenario Partition(DomainModule module, ulong seed = 1, ScenarioOverrides? overrides = null) =>
        Named("partition", module, seed, overrides);

    /// <summary>Any scenario of <see cref="ScenarioCatalog.Names"/> (steady, partition, flapping, crash, restart, swarm, mixed).</summary>
    public static ConvergenceScenario Named(string name, DomainModule module, ulong seed = 1, ScenarioOverrides? overrides = null) =>
        Named(name, DomainCatalog.SocialNetwork().With(module), seed, overrides);

    public static ConvergenceScenario Named(string name, DomainCatalog domain, ulong seed = 1, ScenarioOverrides? overrides = null) =>
        new(ScenarioCatalog.Create(name, seed, overrides), domain);
}
