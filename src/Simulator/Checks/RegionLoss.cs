namespace Convergence.Simulator.Checks;

/// <summary>
/// Jepsen's set-full classification for one region at quiescence: events appended somewhere but
/// missing from this region's log (lost), present more than once (duplicated), present but never
/// applied by its projector, and log documents that are no recorded event (unknown).
/// </summary>
public sealed record RegionLoss(string Region, int Lost, int Duplicated, int NeverApplied, int Unknown, IReadOnlyList<string> Examples)
{
    public bool IsClean => Lost == 0 && Duplicated == 0 && NeverApplied == 0;
}
