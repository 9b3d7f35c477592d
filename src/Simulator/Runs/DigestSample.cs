namespace Convergence.Simulator.Runs;

/// <summary>Every region's read-model digest at one instant (in region order), for divergence windows.</summary>
public sealed record DigestSample(long AtUs, IReadOnlyList<string> Digests)
{
    public bool AllEqual
    {
        get
        {
            for (var i = 1; i < Digests.Count; i++) if (!string.Equals(Digests[i], Digests[0], StringComparison.Ordinal)) return false;
            return true;
        }
    }
}
