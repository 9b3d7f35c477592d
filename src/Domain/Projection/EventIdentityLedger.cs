using Convergence.Domain.Envelope;
using Convergence.Domain.Identity;

namespace Convergence.Domain.Projection;

/// <summary>
/// Remembers the body of every event id a projector applied, so a second, different body under the
/// same id (a buggy client, an id allocator reused across runs, a document edited in place) is
/// caught instead of silently folded in: the premise "an event id names one immutable event" is
/// checked, not assumed.
/// </summary>
public sealed class EventIdentityLedger
{
    // Keyed by the id's string with the ordinal comparer: .NET then hashes without randomization until collisions pile up, ~2× faster than the struct's default.
    private Dictionary<string, EventEnvelope> _bodies = new(StringComparer.Ordinal);
    private List<IdentityConflict> _conflicts = [];

    public IReadOnlyList<IdentityConflict> Conflicts => _conflicts;

    public int DistinctIds => _bodies.Count;

    /// <summary>True when <paramref name="envelope"/> is the first body of its id or the same body again.</summary>
    public bool Admit(EventEnvelope envelope)
    {
        ref var known = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_bodies, envelope.Id.Value, out var exists);
        if (!exists)
        {
            known = envelope;
            return true;
        }
        if (SameBody(known!, envelope)) return true;
        if (!_conflicts.Exists(c => c.Id == envelope.Id && SameBody(c.Second, envelope))) _conflicts.Add(new IdentityConflict(envelope.Id, known!, envelope));
        return false;
    }

    /// <summary>Whether two envelopes of one id carry the same event (the append time is metadata and may differ).</summary>
    public static bool SameBody(EventEnvelope a, EventEnvelope b) =>
        ReferenceEquals(a, b) || (a.Origin == b.Origin && a.Timestamp == b.Timestamp && a.Payload.Equals(b.Payload));

    public EventIdentityLedger Clone() => new() { _bodies = new(_bodies, StringComparer.Ordinal), _conflicts = [.. _conflicts] };
}
