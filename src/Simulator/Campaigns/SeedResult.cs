using Convergence.Simulator.Checks;

namespace Convergence.Simulator.Campaigns;

/// <summary>
/// One seed's run in a campaign: its verdict, its size, and for a failure the command that replays it, the
/// shrunk counterexample and the report folder (relative to the campaign folder).
/// </summary>
public sealed record SeedResult(
    ulong Seed,
    RunStatus Status,
    int Events,
    double SimulatedS,
    double WallS,
    string Replay,
    string? Counterexample = null,
    string? Report = null)
{
    public bool Failed => Status is not RunStatus.Converged and not RunStatus.Interrupted;
}
