using Convergence.Domain.Identity;
using Convergence.Domain.Projection;
using Convergence.Domain.Views;

namespace Convergence.Simulator.Runs;

/// <summary>
/// One region as read at the end of a run: its log (as indices of recorded appends, in the log's
/// order; -1 for a document that is no recorded event), its projector's position, how many
/// deliveries the projector folded in all (repeats after a crash included), its view and its
/// whole state (the two comparison levels), and what broke event identity there (law L0).
/// </summary>
public sealed record RegionSnapshot(
    RegionId Region,
    IReadOnlyList<int> Log,
    long ProjectorPosition,
    long Deliveries,
    ReadModelView View,
    ReadModelView State,
    IReadOnlyList<IdentityConflict> IdentityConflicts,
    IReadOnlyList<LogAnomaly> LogAnomalies)
{
    /// <summary>The region's read model at <paramref name="level"/>.</summary>
    public ReadModelView At(ComparisonLevel level) => level == ComparisonLevel.View ? View : State;
}
