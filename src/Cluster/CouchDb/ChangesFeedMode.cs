namespace Convergence.Cluster.CouchDb;

/// <summary>The <c>feed</c> parameter of <c>_changes</c>.</summary>
public enum ChangesFeedMode
{
    /// <summary>Answer at once with what is there.</summary>
    Normal,

    /// <summary>Hold the request until at least one change exists.</summary>
    LongPoll,

    /// <summary>Keep the connection open and stream one line per change.</summary>
    Continuous,
}
