using Convergence.Domain.Identity;
using Convergence.Domain.Views;

namespace Convergence.Simulator.Runs;

/// <summary>
/// One region as read at the end of a run: its log (as indices of recorded appends, in the log's
/// order; -1 for a document that is no recorded event), its projector's position, how many
/// deliveries the projector folded in all (repeats after a crash included) and its view.
/// </summary>
public sealed record RegionSnapshot(
    RegionId Region,
    IReadOnlyList<int> Log,
    long ProjectorPosition,
    long Deliveries,
    ReadModelView View);
