using Convergence.Simulator.Scenarios;
using Convergence.Simulator.Simulation;

namespace Convergence.Simulator.Campaigns;

/// <summary>What a campaign runs: one named scenario over a range of seeds, on <see cref="Jobs"/> cores at once.</summary>
/// <param name="Scenario">The scenario name (swarm draws a different world per seed).</param>
/// <param name="Seeds">The seeds, both ends included.</param>
/// <param name="Overrides">Options applied to every seed's scenario.</param>
/// <param name="DomainOptions">The options that recreate the domain (<c>--module …</c>), for replay commands.</param>
/// <param name="Folder">The campaign's folder: <c>campaign.json</c> and one report folder per failing seed.</param>
/// <param name="Jobs">Seeds run at once, each on its own thread and cluster (each run stays single-threaded and deterministic).</param>
/// <param name="StopAtFirstFailure">Stop the seeds still running at the first failure instead of running them all.</param>
/// <param name="Simulation">The simulated engine's knobs (null: its defaults, as <c>simulate</c> uses).</param>
public sealed record CampaignOptions(
    string Scenario,
    SeedRange Seeds,
    ScenarioOverrides Overrides,
    string DomainOptions,
    string Folder,
    int Jobs,
    bool StopAtFirstFailure,
    SimulationOptions? Simulation = null)
{
    public const string SummaryFile = "campaign.json";
}
