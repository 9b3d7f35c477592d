using Convergence.Domain.Identity;
using Convergence.Domain.Projection;

namespace Convergence.Domain.Workload;

/// <summary>What a client acting in one region can see and use: the region's read model, the
/// run's random source and the region's id allocator.</summary>
public sealed class ClientContext(RegionId region, ReadModel state, IRandomSource random, IdAllocator ids)
{
    public RegionId Region { get; } = region;

    /// <summary>The region's read model as it is now; clients only read it.</summary>
    public ReadModel State { get; } = state;

    public IRandomSource Random { get; } = random;

    public IdAllocator Ids { get; } = ids;

    /// <summary>A uniformly chosen element, or default when the list is empty.</summary>
    public T? Pick<T>(IReadOnlyList<T> items) => items.Count == 0 ? default : items[Random.Next(items.Count)];

    /// <summary>True with probability <paramref name="probability"/>.</summary>
    public bool Chance(double probability) => Random.NextDouble() < probability;
}
