using System.Net;
using System.Text;
using System.Text.Json;

namespace Convergence.Cluster.CouchDb;

/// <summary>
/// A followed <c>_changes</c> feed: an endless sequence of rows that survives dropped connections and server restarts
/// by resuming from the last sequence seen. Rows may repeat after a reconnect (CouchDB replays), so consumers must be
/// idempotent. A deleted database (404) ends the enumeration with <see cref="CouchNotFoundException"/>.
/// </summary>
public sealed class ChangesFeed : IAsyncEnumerable<ChangeRow>
{
    private readonly CouchDatabase _database;
    private readonly ChangesFeedOptions _options;

    internal ChangesFeed(CouchDatabase database, ChangesFeedOptions options)
    {
        _database = database;
        _options = options;
        LastSequence = options.Since;
    }

    /// <summary>The sequence the feed resumes from: the last one yielded or reported by the server.</summary>
    public ChangeSequence LastSequence { get; private set; }

    /// <summary>How many times the connection failed and was reopened.</summary>
    public int Reconnects { get; private set; }

    /// <summary>The failure that caused the latest reconnect (for diagnostics), or null.</summary>
    public Exception? LastError { get; private set; }

    public async IAsyncEnumerator<ChangeRow> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_options.Mode == ChangesFeedMode.LongPoll)
            {
                var batch = await TryLongPollAsync(cancellationToken).ConfigureAwait(false);
                if (batch is null)
                {
                    continue;
                }

                foreach (var row in batch.Results)
                {
                    LastSequence = row.Sequence;
                    yield return row;
                }

                if (!batch.LastSequence.IsStart)
                {
                    LastSequence = batch.LastSequence;
                }

                if (batch.Results.Count > 0 && _options.LongPollPause > TimeSpan.Zero)
                {
                    await Task.Delay(_options.LongPollPause, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
                }

                continue;
            }

            var connection = await TryOpenContinuousAsync(cancellationToken).ConfigureAwait(false);
            if (connection is null)
            {
                continue;
            }

            using (connection)
            {
                while (await TryReadContinuousRowAsync(connection, cancellationToken).ConfigureAwait(false) is { } row)
                {
                    LastSequence = row.Sequence;
                    yield return row;
                }
            }
        }
    }

    private async Task<ChangesResult?> TryLongPollAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _database.GetChangesAsync(
                new ChangesQuery
                {
                    Feed = ChangesFeedMode.LongPoll,
                    Since = LastSequence,
                    IncludeDocs = _options.IncludeDocs,
                    Heartbeat = _options.Heartbeat,
                    ReadTimeout = _options.ReadTimeout,
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (IsTransient(exception, cancellationToken))
        {
            await BackOffAsync(exception, cancellationToken).ConfigureAwait(false);
            return null;
        }
    }

    private async Task<ContinuousConnection?> TryOpenContinuousAsync(CancellationToken cancellationToken)
    {
        HttpResponseMessage? response = null;
        try
        {
            var uri = _database.ChangesUri(ChangesFeedMode.Continuous, LastSequence, _options.IncludeDocs, null, _options.Heartbeat);
            response = await _database.Http.SendStreamingAsync(HttpMethod.Get, uri, null, _options.ReadTimeout, cancellationToken).ConfigureAwait(false);
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            return new ContinuousConnection(response, new StreamReader(stream, Encoding.UTF8));
        }
        catch (Exception exception) when (IsTransient(exception, cancellationToken))
        {
            response?.Dispose();
            await BackOffAsync(exception, cancellationToken).ConfigureAwait(false);
            return null;
        }
    }

    /// <summary>The next row, or null when the connection ended or failed (the caller reconnects).</summary>
    private async Task<ChangeRow?> TryReadContinuousRowAsync(ContinuousConnection connection, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                var line = await StreamReading.ReadLineAsync(connection.Reader, _options.ReadTimeout, cancellationToken).ConfigureAwait(false);
                if (line is null)
                {
                    // The server closed the feed (CouchDB after its timeout): reconnect at once from where we are.
                    return null;
                }

                if (string.IsNullOrWhiteSpace(line))
                {
                    continue; // heartbeat
                }

                using var document = JsonDocument.Parse(line);
                var root = document.RootElement;
                if (root.TryGetProperty("last_seq", out var lastSeq))
                {
                    LastSequence = ChangeSequence.FromJson(lastSeq);
                    return null;
                }

                return ChangeRow.FromJson(root);
            }
        }
        catch (Exception exception) when (IsTransient(exception, cancellationToken))
        {
            await BackOffAsync(exception, cancellationToken).ConfigureAwait(false);
            return null;
        }
    }

    private async Task BackOffAsync(Exception exception, CancellationToken cancellationToken)
    {
        LastError = exception;
        Reconnects++;
        await Task.Delay(_options.ReconnectDelay, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Connection-level failures and server errors are retried; a missing database and caller cancellation are not.</summary>
    private static bool IsTransient(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        OperationCanceledException when cancellationToken.IsCancellationRequested => false,
        CouchNotFoundException or CouchUnauthorizedException => false,
        CouchException couch => (int)couch.StatusCode >= 500 || couch.StatusCode == HttpStatusCode.RequestTimeout,
        HttpRequestException or IOException or TimeoutException or JsonException or OperationCanceledException => true,
        _ => false,
    };

    private sealed class ContinuousConnection(HttpResponseMessage response, StreamReader reader) : IDisposable
    {
        public StreamReader Reader { get; } = reader;

        public void Dispose()
        {
            Reader.Dispose();
            response.Dispose();
        }
    }
}
