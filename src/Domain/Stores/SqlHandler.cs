using Convergence.Domain.Events;

namespace Convergence.Domain.Stores;

/// <summary>
/// The SQL run for one event type, in one transaction. Parameters are bound from the event (see
/// <see cref="SqlEventArguments"/>): each payload property as <c>@Property</c>, and <c>@event_id</c>,
/// <c>@origin</c>, <c>@wall_ms</c>, <c>@counter</c> from the envelope.
/// </summary>
public sealed record SqlHandler(Type EventType, string Sql)
{
    public static SqlHandler On<TEvent>(string sql) where TEvent : DomainEvent => new(typeof(TEvent), sql);

    public override string ToString() => $"on {EventType.Name}: {Sql}";
}
