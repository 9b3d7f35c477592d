using System.Net;
using Convergence.Cluster.CouchDb;
using Convergence.Domain.Envelope;
using Convergence.Domain.Events;
using Convergence.Simulator.Engine;

namespace Convergence.Cluster.Live;

/// <summary>
/// Appends a region's client events: one envelope document per event (<c>_id</c> = event id, body from the
/// <see cref="EventCodec"/>), written with a single PUT. The append is recorded before the PUT, so the region's own
/// projector can never see a document the recorder does not know yet. While the region's server is down (a replica
/// restart) envelopes wait in an outbox that <see cref="FlushOutboxAsync"/> writes when it is back, as a client-side
/// outbox would; a PUT that errors is retried (a 409 on retry means the first attempt was stored).
/// </summary>
internal sealed class RegionAppender(LiveRegion region, LiveRunContext context)
{
    // The client loop appends while the fault timeline (its own loop) may flush after a replica restart.
    private readonly System.Collections.Concurrent.ConcurrentQueue<(string Id, byte[] Body)> _outbox = new();
    private readonly SemaphoreSlim _flush = new(1, 1);

    public async Task<EventEnvelope> AppendAsync(DomainEvent payload, CancellationToken cancellationToken)
    {
        var now = context.Time.GetUtcNow();
        EventEnvelope envelope;
        lock (region.Gate)
        {
            envelope = new EventEnvelope(region.NextEventId(), region.Id, region.Clock.Tick(now.ToUnixTimeMilliseconds()), now, payload);
        }

        var body = context.Codec.EncodeToUtf8(envelope);
        var atUs = context.NowUs();
        context.Record(r => r.RecordAppend(envelope, region.Index, atUs));
        if (!region.IsServerUp)
        {
            _outbox.Enqueue((envelope.Id.Value, body));
            context.Count("append.deferred");
            // The server may have come back between the check and the enqueue, after the restart's flush: flush again.
            if (region.IsServerUp) await FlushOutboxAsync(cancellationToken).ConfigureAwait(false);
            return envelope;
        }

        await PutAsync(envelope.Id.Value, body, cancellationToken).ConfigureAwait(false);
        return envelope;
    }

    /// <summary>
    /// Appends several events with one <c>_bulk_docs</c> (the <c>--batch</c> clients): all are recorded first, then
    /// written together; while the server is down they go to the outbox like single appends.
    /// </summary>
    public async Task<IReadOnlyList<EventEnvelope>> AppendBatchAsync(IReadOnlyList<DomainEvent> payloads, CancellationToken cancellationToken)
    {
        var now = context.Time.GetUtcNow();
        var envelopes = new EventEnvelope[payloads.Count];
        lock (region.Gate)
        {
            for (var i = 0; i < envelopes.Length; i++)
                envelopes[i] = new EventEnvelope(region.NextEventId(), region.Id, region.Clock.Tick(now.ToUnixTimeMilliseconds()), now, payloads[i]);
        }

        var bodies = envelopes.Select(e => context.Codec.EncodeToUtf8(e)).ToArray();
        var atUs = context.NowUs();
        context.Record(r =>
        {
            foreach (var envelope in envelopes) r.RecordAppend(envelope, region.Index, atUs);
        });
        if (!region.IsServerUp)
        {
            for (var i = 0; i < envelopes.Length; i++) _outbox.Enqueue((envelopes[i].Id.Value, bodies[i]));
            context.Count("append.deferred", envelopes.Length);
            if (region.IsServerUp) await FlushOutboxAsync(cancellationToken).ConfigureAwait(false);
            return envelopes;
        }

        await BulkAsync(envelopes.Select(e => e.Id.Value).ToArray(), bodies, cancellationToken).ConfigureAwait(false);
        context.Count("append.batches");
        return envelopes;
    }

    /// <summary>Writes every deferred envelope, oldest first; called once the region's server answers again.</summary>
    public async Task FlushOutboxAsync(CancellationToken cancellationToken)
    {
        await _flush.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            while (_outbox.TryPeek(out var next))
            {
                await PutAsync(next.Id, next.Body, cancellationToken).ConfigureAwait(false);
                _outbox.TryDequeue(out _);
            }
        }
        finally
        {
            _flush.Release();
        }
    }

    public int Deferred => _outbox.Count;

    private async Task PutAsync(string id, byte[] body, CancellationToken cancellationToken)
    {
        var deadline = context.Time.GetTimestamp();
        var delay = TimeSpan.FromMilliseconds(50);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await region.Database.PutDocumentAsync(id, body, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (CouchConflictException) when (attempt > 1)
            {
                return; // the earlier attempt was stored before its answer was lost
            }
            catch (CouchConflictException exception)
            {
                // Event ids carry the run's id: a document already there was written by someone else. Not the handlers' fault.
                context.Count("append.foreign-collisions");
                throw new ClusterFailureException(
                    $"foreign document collision: {region.Database.Name}/{id} already exists on {region.Server.BaseUri} and was not written by this run", exception);
            }
            catch (CouchException exception) when (!IsTransient(exception, cancellationToken))
            {
                context.Count("append.refused");
                throw new ClusterFailureException($"{region.Server.BaseUri} refused the append of {id} ({(int)exception.StatusCode} {exception.Error}: {exception.Reason})", exception);
            }
            catch (Exception exception) when (IsTransient(exception, cancellationToken))
            {
                // Past the timeout the replica is down for good: the cluster failed, not the handlers.
                if (context.Time.GetElapsedTime(deadline) >= context.Options.AppendTimeout)
                    throw new ClusterFailureException($"append of {id} got no answer for {context.Options.AppendTimeout.TotalSeconds:0} s", exception);
                context.Count("append.retries");
                await Task.Delay(delay, context.Time, cancellationToken).ConfigureAwait(false);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 1000));
            }
        }
    }

    /// <summary>One <c>_bulk_docs</c>, retried as a whole while the server errors; a conflict on a retry means stored.</summary>
    private async Task BulkAsync(string[] ids, byte[][] bodies, CancellationToken cancellationToken)
    {
        var documents = bodies.Select(b =>
        {
            using var document = System.Text.Json.JsonDocument.Parse(b);
            return document.RootElement.Clone();
        }).ToArray();
        var deadline = context.Time.GetTimestamp();
        var delay = TimeSpan.FromMilliseconds(50);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var rows = await region.Database.BulkDocsAsync(documents, cancellationToken).ConfigureAwait(false);
                foreach (var row in rows)
                {
                    if (row.Succeeded || (row.Error == "conflict" && attempt > 1)) continue;
                    if (row.Error == "conflict")
                    {
                        context.Count("append.foreign-collisions");
                        throw new ClusterFailureException(
                            $"foreign document collision: {region.Database.Name}/{row.Id} already exists on {region.Server.BaseUri} and was not written by this run");
                    }

                    context.Count("append.refused");
                    throw new ClusterFailureException($"{region.Server.BaseUri} refused the append of {row.Id} ({row.Error}: {row.Reason})");
                }

                return;
            }
            catch (CouchException exception) when (!IsTransient(exception, cancellationToken))
            {
                context.Count("append.refused");
                throw new ClusterFailureException($"{region.Server.BaseUri} refused a batch of {ids.Length} appends ({(int)exception.StatusCode} {exception.Error}: {exception.Reason})", exception);
            }
            catch (Exception exception) when (IsTransient(exception, cancellationToken))
            {
                if (context.Time.GetElapsedTime(deadline) >= context.Options.AppendTimeout)
                    throw new ClusterFailureException($"a batch of {ids.Length} appends got no answer for {context.Options.AppendTimeout.TotalSeconds:0} s", exception);
                context.Count("append.retries");
                await Task.Delay(delay, context.Time, cancellationToken).ConfigureAwait(false);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 1000));
            }
        }
    }

    private static bool IsTransient(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        OperationCanceledException when cancellationToken.IsCancellationRequested => false,
        CouchException couch => (int)couch.StatusCode >= 500 || couch.StatusCode == HttpStatusCode.RequestTimeout,
        HttpRequestException or IOException or TimeoutException or OperationCanceledException => true,
        _ => false,
    };
}
