namespace Convergence.Domain.Events;

/// <summary>
/// The payload of one event: an immutable fact. Concrete events are positional records carrying
/// an <see cref="EventTypeAttribute"/> with their stable wire name.
/// </summary>
public abstract record DomainEvent;
