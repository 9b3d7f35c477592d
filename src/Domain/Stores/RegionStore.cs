using Convergence.Domain.Modules;

namespace Convergence.Domain.Stores;

/// <summary>One region's open store: the projections of its modules, in catalog order, over the same storage.</summary>
public abstract class RegionStore : IDisposable
{
    public abstract IReadOnlyList<ModuleProjection> Projections { get; }

    /// <summary>An independent copy of the whole store (a snapshot for checkpoints, or a copy clients may read).</summary>
    public abstract RegionStore Clone();

    public virtual void Dispose() => GC.SuppressFinalize(this);
}
