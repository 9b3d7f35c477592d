using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using Convergence.Domain.Envelope;
using Convergence.Domain.Events;

namespace Convergence.Domain.Stores;

/// <summary>
/// Binds an event's fields to SQL parameters by name, the same way for every module:
/// <list type="bullet">
/// <item><c>@event_id</c>, <c>@origin</c>, <c>@wall_ms</c>, <c>@counter</c> from the envelope (the stamp
/// <c>(@wall_ms, @counter, @event_id)</c> orders last-writer-wins decisions, as <see cref="EventStamp"/> does);</item>
/// <item>each payload property <c>P</c> as <c>@P</c>: texts and numbers as they are, an id type by its
/// <c>Value</c>, a <see cref="GeoPoint"/> as <c>@P_lat</c> and <c>@P_lon</c> (NULL when absent), an
/// <see cref="ObservedEvents"/> as a JSON array of ids (read it with <c>json_each(@P)</c>).</item>
/// </list>
/// </summary>
public static class SqlEventArguments
{
    // Keyed by payload type; the binders are pure functions of the type, so sharing them is safe.
    private static readonly ConcurrentDictionary<Type, Func<DomainEvent, List<SqlArgument>, int>> Binders = new();

    public static List<SqlArgument> Of(EventEnvelope envelope)
    {
        var arguments = new List<SqlArgument>(12)
        {
            new("event_id", envelope.Id.Value),
            new("origin", envelope.Origin.Value),
            new("wall_ms", envelope.Timestamp.WallMs),
            new("counter", (long)envelope.Timestamp.Counter),
        };
        Binders.GetOrAdd(envelope.Payload.GetType(), BinderFor)(envelope.Payload, arguments);
        return arguments;
    }

    private static Func<DomainEvent, List<SqlArgument>, int> BinderFor(Type type)
    {
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract")
            .ToArray();
        return (payload, arguments) =>
        {
            foreach (var property in properties) Bind(property.Name, property.GetValue(payload), arguments);
            return arguments.Count;
        };
    }

    private static void Bind(string name, object? value, List<SqlArgument> arguments)
    {
        switch (value)
        {
            case null:
                // The type of an absent value is unknown here: a missing GeoPoint? binds its two parts as NULL too.
                arguments.Add(new(name, null));
                arguments.Add(new(name + "_lat", null));
                arguments.Add(new(name + "_lon", null));
                break;
            case GeoPoint at:
                arguments.Add(new(name + "_lat", at.Latitude));
                arguments.Add(new(name + "_lon", at.Longitude));
                break;
            case ObservedEvents ids:
                arguments.Add(new(name, JsonSerializer.Serialize(ids.Select(i => i.Value).ToArray())));
                break;
            case string or long or int or double or bool:
                arguments.Add(new(name, value));
                break;
            case Enum e:
                arguments.Add(new(name, e.ToString()));
                break;
            default:
                // Id types (UserId, PostId, a module's PlaceId…) are records with one text Value.
                var valueProperty = value.GetType().GetProperty("Value");
                arguments.Add(new(name, valueProperty is not null ? valueProperty.GetValue(value) : value.ToString()));
                break;
        }
    }
}
