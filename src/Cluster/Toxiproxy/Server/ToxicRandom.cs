namespace Convergence.Cluster.Toxiproxy;

/// <summary>
/// The server's single source of randomness (toxicity rolls, jitter, slice sizes): the seeded
/// <see cref="Random"/> from the options, shared by every pump, so access is serialised.
/// </summary>
internal sealed class ToxicRandom(Random random)
{
    private readonly Lock gate = new();

    /// <summary>True with probability <paramref name="toxicity"/>: 0 never fires, 1 always does.</summary>
    public bool Roll(double toxicity)
    {
        if (toxicity <= 0)
        {
            return false;
        }

        if (toxicity >= 1)
        {
            return true;
        }

        lock (gate)
        {
            return random.NextDouble() < toxicity;
        }
    }

    /// <summary>A value in [0, <paramref name="max"/>); 0 when max is not positive.</summary>
    public long Below(long max)
    {
        if (max <= 0)
        {
            return 0;
        }

        lock (gate)
        {
            return random.NextInt64(max);
        }
    }

    /// <summary>A value in [-spread, spread].</summary>
    public long Spread(long spread)
    {
        if (spread <= 0)
        {
            return 0;
        }

        lock (gate)
        {
            return random.NextInt64(-spread, spread + 1);
        }
    }
}
