namespace Convergence.Cluster.CouchDb;

/// <summary>Parameters of one <c>_changes</c> request (normal or longpoll).</summary>
public sealed record ChangesQuery
{
    /// <summary><see cref="ChangesFeedMode.Normal"/> or <see cref="ChangesFeedMode.LongPoll"/>; continuous feeds use <see cref="CouchDatabase.FollowChanges"/>.</summary>
    public ChangesFeedMode Feed { get; init; } = ChangesFeedMode.Normal;

    public ChangeSequence Since { get; init; } = ChangeSequence.Start;

    public bool IncludeDocs { get; init; }

    public int? Limit { get; init; }

    /// <summary>Every leaf revision of each changed document (<c>style=all_docs</c>): more than one means the document is in conflict.</summary>
    public bool AllLeafRevisions { get; init; }

    /// <summary>
    /// Newline keep-alives while a longpoll waits. pouchdb-server ignores <c>timeout</c>, so a longpoll is held until
    /// data arrives: the client gives up after <see cref="ReadTimeout"/> of silence, which must be longer than this.
    /// </summary>
    public TimeSpan Heartbeat { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest silence tolerated while reading the answer; must exceed <see cref="Heartbeat"/>.</summary>
    public TimeSpan ReadTimeout { get; init; } = TimeSpan.FromSeconds(15);
}
