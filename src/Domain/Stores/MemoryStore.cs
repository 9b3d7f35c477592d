using Convergence.Domain.Identity;
using Convergence.Domain.Modules;

namespace Convergence.Domain.Stores;

/// <summary>Today's model: every module's C# projection in memory; a checkpoint is a snapshot of it.</summary>
public sealed class MemoryStore : IReadModelStore
{
    public static MemoryStore Instance { get; } = new();

    private MemoryStore()
    {
    }

    public string Name => "memory";

    public CheckpointMode Checkpoints => CheckpointMode.WithState;

    public RegionStore Open(DomainCatalog catalog, RegionId? region) =>
        new MemoryRegionStore(catalog.Modules.Select(m => m.CreateProjection()).ToArray());

    public override string ToString() => Name;

    private sealed class MemoryRegionStore(ModuleProjection[] projections) : RegionStore
    {
        public override IReadOnlyList<ModuleProjection> Projections => projections;

        public override RegionStore Clone() => new MemoryRegionStore(projections.Select(p => p.Clone()).ToArray());
    }
}
