using Convergence.Domain.Envelope;
using Convergence.Domain.Events;
using Convergence.Domain.Identity;

namespace Convergence.Simulator.Engine;

/// <summary>
/// An engine that can append several events of one region in one request (a live cluster's <c>_bulk_docs</c>).
/// <see cref="ScenarioRunner.BatchSize"/> above 1 uses it; an engine without it gets the events one by one.
/// </summary>
public interface IBatchAppendEngine : IClusterEngine
{
    /// <summary>Appends <paramref name="payloads"/> at <paramref name="region"/>, in order, as one write.</summary>
    ValueTask<IReadOnlyList<EventEnvelope>> AppendBatchAsync(RegionId region, IReadOnlyList<DomainEvent> payloads, CancellationToken cancellationToken);
}
