namespace Convergence.Simulator.Network;

/// <summary>One directed continuous replication, source region index to target region index.</summary>
public readonly record struct ReplicationLink(int From, int To)
{
    /// <summary>The directed links of <paramref name="topology"/> over <paramref name="regionCount"/> regions, in a fixed order.</summary>
    public static IReadOnlyList<ReplicationLink> Of(Topology topology, int regionCount)
    {
        var links = new List<ReplicationLink>();
        for (var a = 0; a < regionCount; a++)
        {
            for (var b = 0; b < regionCount; b++)
            {
                if (a != b && Connected(topology, regionCount, a, b)) links.Add(new ReplicationLink(a, b));
            }
        }
        return links;
    }

    private static bool Connected(Topology topology, int n, int a, int b) => topology switch
    {
        Topology.Mesh => true,
        // A ring of two regions is a single pair; (a+1)%n == b covers both directions there.
        Topology.Ring => (a + 1) % n == b || (b + 1) % n == a,
        Topology.Star => a == 0 || b == 0,
        _ => throw new ArgumentOutOfRangeException(nameof(topology), topology, null),
    };
}
