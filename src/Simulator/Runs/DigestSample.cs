namespace Convergence.Simulator.Runs;

/// <summary>
/// Every region's read-model digest at one instant (in region order), for divergence windows.
/// An engine may leave a digest <see cref="NotComputed"/> (empty) when the regions have not all
/// applied the same events yet: they differ then anyway, and hashing a large view at every sample
/// of a busy run would cost more than the run.
/// </summary>
public sealed record DigestSample(long AtUs, IReadOnlyList<string> Digests)
{
    public const string NotComputed = "";

    public bool AllEqual
    {
        get
        {
            for (var i = 0; i < Digests.Count; i++)
            {
                if (Digests[i].Length == 0 || !string.Equals(Digests[i], Digests[0], StringComparison.Ordinal)) return false;
            }
            return true;
        }
    }
}
