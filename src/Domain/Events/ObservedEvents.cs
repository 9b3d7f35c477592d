using System.Collections;
using Convergence.Domain.Identity;

namespace Convergence.Domain.Events;

/// <summary>
/// The ids of earlier events that the issuing region had seen when it issued an event, with value
/// equality. An unlike names the likes it cancels, so a like it never saw survives (add-wins).
/// </summary>
public sealed class ObservedEvents : IEquatable<ObservedEvents>, IReadOnlyList<EventId>
{
    private readonly EventId[] _ids;

    public static ObservedEvents None { get; } = new([]);

    public ObservedEvents(IEnumerable<EventId> ids)
    {
        _ids = ids.Distinct().Order().ToArray();
    }

    public int Count => _ids.Length;

    public EventId this[int index] => _ids[index];

    public bool Contains(EventId id) => Array.BinarySearch(_ids, id) >= 0;

    public bool Equals(ObservedEvents? other) => other is not null && _ids.AsSpan().SequenceEqual(other._ids);

    public override bool Equals(object? obj) => Equals(obj as ObservedEvents);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var id in _ids) hash.Add(id);
        return hash.ToHashCode();
    }

    public IEnumerator<EventId> GetEnumerator() => ((IEnumerable<EventId>)_ids).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => "{" + string.Join(",", _ids) + "}";
}
