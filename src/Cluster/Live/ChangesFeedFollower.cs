using Convergence.Cluster.CouchDb;

namespace Convergence.Cluster.Live;

/// <summary>
/// Follows one database's <c>_changes</c> with documents on a background task: a loop of
/// <c>feed=longpoll&amp;since=&lt;last&gt;&amp;include_docs=true&amp;heartbeat=…</c> (never <c>feed=continuous</c>, which leaks a
/// listener per dropped client on pouchdb-server), a client read timeout longer than the heartbeat (pouchdb-server
/// ignores <c>timeout</c> and holds a longpoll until data arrives), resuming from the last sequence after any error.
/// </summary>
internal sealed class ChangesFeedFollower : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly ChangesFeed _feed;
    private readonly Task _loop;

    private ChangesFeedFollower(CouchDatabase database, ChangesFeedOptions options, Action<ChangeRow> onRow)
    {
        _feed = database.FollowChanges(options);
        _loop = Task.Run(() => RunAsync(onRow, _stop.Token));
    }

    /// <summary>How many times the feed's connection failed and was reopened.</summary>
    public int Reconnects => _feed.Reconnects;

    /// <summary>The failure that stopped the loop (a deleted database, a callback that threw), or null.</summary>
    public Exception? Failure { get; private set; }

    /// <summary>Starts following <paramref name="database"/> after <paramref name="since"/>; <paramref name="onRow"/> runs on the follower's task.</summary>
    public static ChangesFeedFollower Start(
        CouchDatabase database, ChangeSequence since, TimeSpan heartbeat, TimeSpan readTimeout, TimeProvider timeProvider, Action<ChangeRow> onRow,
        TimeSpan pause = default) =>
        new(database, new ChangesFeedOptions
        {
            Mode = ChangesFeedMode.LongPoll,
            Since = since,
            IncludeDocs = true,
            Heartbeat = heartbeat,
            ReadTimeout = readTimeout,
            ReconnectDelay = TimeSpan.FromMilliseconds(200),
            TimeProvider = timeProvider,
            LongPollPause = pause,
        }, onRow);

    /// <summary>Stops the loop and waits for it; rows already handed to the callback stay handled.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task RunAsync(Action<ChangeRow> onRow, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var row in _feed.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                onRow(row);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception exception)
        {
            // Kept for the quiescence report: a projector that stopped for good is a pending reason, not a crash of the host.
            Failure = exception;
        }
    }
}
