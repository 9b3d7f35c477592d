namespace Convergence.Simulator.Runs;

/// <summary>What can be wrong with an event document in a region's log, against "events are appended once, never changed".</summary>
public enum LogAnomalyKind
{
    /// <summary>The document was written more than once (its revision is not the first).</summary>
    Updated,

    /// <summary>The document was deleted.</summary>
    Deleted,

    /// <summary>The document has conflicting revisions (two writers of one id).</summary>
    Conflicted,
}

/// <summary>One event document in a region's log that was edited, deleted or in conflict (law L0).</summary>
public sealed record LogAnomaly(string DocumentId, LogAnomalyKind Kind, string Detail)
{
    public override string ToString() => $"{DocumentId} {Kind.ToString().ToLowerInvariant()} ({Detail})";
}
