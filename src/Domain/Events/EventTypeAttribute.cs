namespace Convergence.Domain.Events;

/// <summary>
/// The stable, versioned name under which an event type is stored (e.g. <c>v1.PostCreated</c>).
/// It never changes when the C# type is renamed; a new shape gets a new version.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class EventTypeAttribute(string wireName) : Attribute
{
    public string WireName { get; } = wireName;
}
