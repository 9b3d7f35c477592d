using Convergence.Domain.Identity;
using Convergence.Domain.Modules;

namespace Convergence.Domain.Stores;

/// <summary>
/// Where each region keeps its read model: in memory as C# projections, or in a database of its own
/// driven by the modules' SQL handlers. Every law judges both the same way.
/// </summary>
public interface IReadModelStore
{
    /// <summary>The name used by <c>--store</c> and in reports.</summary>
    string Name { get; }

    /// <summary>
    /// What a projector crash loses: with <see cref="CheckpointMode.WithState"/> the state goes back to the
    /// last checkpoint with the position (exactly-once effect); with <see cref="CheckpointMode.Separate"/>
    /// the state keeps what was applied after it and those events are delivered again (at-least-once).
    /// </summary>
    CheckpointMode Checkpoints { get; }

    /// <summary>
    /// A fresh, empty store for one region's read model, one projection per module of <paramref name="catalog"/>;
    /// <paramref name="region"/> names a durable store's files, null for a throwaway one (properties, rebuilds).
    /// </summary>
    RegionStore Open(DomainCatalog catalog, RegionId? region);
}
