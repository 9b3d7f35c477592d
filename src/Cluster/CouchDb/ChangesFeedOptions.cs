namespace Convergence.Cluster.CouchDb;

/// <summary>How <see cref="ChangesFeed"/> follows a database's changes and recovers from dropped connections.</summary>
public sealed record ChangesFeedOptions
{
    /// <summary>
    /// <see cref="ChangesFeedMode.LongPoll"/> (a loop of longpolls; the default, because pouchdb-server leaks a listener
    /// for every continuous client that disconnects) or <see cref="ChangesFeedMode.Continuous"/>.
    /// </summary>
    public ChangesFeedMode Mode { get; init; } = ChangesFeedMode.LongPoll;

    /// <summary>Where to start; after a dropped connection the feed resumes from the last sequence it yielded.</summary>
    public ChangeSequence Since { get; init; } = ChangeSequence.Start;

    public bool IncludeDocs { get; init; }

    /// <summary>Keep-alive interval asked of the server (pouchdb-server default 6 s, CouchDB 60 s).</summary>
    public TimeSpan Heartbeat { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Silence after which the connection is deemed dead and reopened; must exceed <see cref="Heartbeat"/>.</summary>
    public TimeSpan ReadTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Wait before reconnecting after a failure (connection refused, reset, idle timeout).</summary>
    public TimeSpan ReconnectDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Clock for the reconnect delay.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// Longpoll only: after an answer that carried rows, wait this long before asking again, so changes arriving
    /// meanwhile come in one answer instead of one request each (zero: ask again at once).
    /// </summary>
    public TimeSpan LongPollPause { get; init; } = TimeSpan.Zero;

    internal void Validate()
    {
        if (Mode == ChangesFeedMode.Normal)
        {
            throw new ArgumentException("A followed feed is LongPoll or Continuous; use GetChangesAsync for a normal request.");
        }

        if (ReadTimeout <= Heartbeat)
        {
            throw new ArgumentException($"ReadTimeout ({ReadTimeout}) must be longer than Heartbeat ({Heartbeat}).");
        }
    }
}
