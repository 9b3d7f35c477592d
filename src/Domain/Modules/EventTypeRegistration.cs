using System.Reflection;
using Convergence.Domain.Events;

namespace Convergence.Domain.Modules;

/// <summary>One event type a module contributes: its CLR type and its stable wire name.</summary>
public sealed record EventTypeRegistration(Type ClrType, string WireName)
{
    /// <summary>Registers <typeparamref name="TEvent"/> under the name of its <see cref="EventTypeAttribute"/>.</summary>
    public static EventTypeRegistration Of<TEvent>() where TEvent : DomainEvent
    {
        var attribute = typeof(TEvent).GetCustomAttribute<EventTypeAttribute>()
            ?? throw new InvalidOperationException($"{typeof(TEvent).Name} has no [EventType(\"v1.Name\")] attribute");
        return new EventTypeRegistration(typeof(TEvent), attribute.WireName);
    }

    /// <summary>The short name used in tables and counterexamples (the wire name without its version).</summary>
    public string ShortName => WireName[(WireName.IndexOf('.') + 1)..];
}
