namespace Convergence.Simulator.Certification;

/// <summary>How hard the handler certification looks: how many generated histories, from which seed.</summary>
public sealed record CertificationOptions
{
    /// <summary>Generated histories to draw states and event pairs from.</summary>
    public int Histories { get; init; } = 300;

    /// <summary>Client actions per history (at most).</summary>
    public int Actions { get; init; } = 30;

    public ulong Seed { get; init; } = 1;

    /// <summary>Most event pairs tried per commutativity cell; enough to find a failure, bounded to stay fast.</summary>
    public int MaxPairsPerCell { get; init; } = 400;

    public CertificationOptions Validate()
    {
        if (Histories < 1) throw new ArgumentOutOfRangeException(nameof(Histories), Histories, "at least one history");
        if (Actions < 2) throw new ArgumentOutOfRangeException(nameof(Actions), Actions, "at least two actions");
        if (MaxPairsPerCell < 1) throw new ArgumentOutOfRangeException(nameof(MaxPairsPerCell));
        return this;
    }
}
