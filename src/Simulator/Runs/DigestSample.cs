namespace Convergence.Simulator.Runs;

/// <summary>
/// Every region's read-model digest at one instant (in region order), for divergence windows.
/// An engine may leave a digest <see cref="NotComputed"/> (empty) when the regions have not all
/// applied the same events yet: they differ then anyway, and hashing a large view at every sample
/// of a busy run would cost more than the run. It may also record <see cref="SameEvents"/> for every
/// region: all have applied the same events, and their views were not compared at this sample.
/// Samples only time divergence windows; no verdict is drawn from them (the laws compare the final
/// views exactly).
/// </summary>
public sealed record DigestSample(long AtUs, IReadOnlyList<string> Digests)
{
    public const string NotComputed = "";

    /// <summary>
    /// The mark of a sample at which every region had applied the same <paramref name="eventCount"/> events but
    /// the views were not hashed (to keep sampling linear in the events): equal marks count as agreement, which
    /// is exact for a convergent module and, for one that is not, may close a divergence window early until
    /// the next hashed sample reopens it.
    /// </summary>
    public static string SameEvents(long eventCount) => $"events:{eventCount}";

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
