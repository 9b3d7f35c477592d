using Convergence.Domain.Identity;

namespace Convergence.Domain.Workload;

/// <summary>
/// Hands out ids unique across the run without coordination: the region's name plus a counter
/// (<c>p-eu-3</c>), so ids stay short and readable in counterexamples.
/// </summary>
public sealed class IdAllocator(RegionId region)
{
    private long _next;

    public RegionId Region { get; } = region;

    public long Issued => _next;

    public string Next(string prefix) => $"{prefix}-{Region.Value}-{++_next}";

    public EventId NextEventId() => new($"{Region.Value}-{++_next}");
}
