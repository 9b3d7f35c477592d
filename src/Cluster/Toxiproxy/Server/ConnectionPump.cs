using System.Buffers;
using System.Net.Sockets;
using System.Threading.Channels;

namespace Convergence.Cluster.Toxiproxy;

/// <summary>
/// Moves one direction of one proxied connection: a reader stamps each chunk with its arrival time and
/// queues it; the writer runs the toxic chain on each chunk and sends it. Keeping the two apart lets a
/// latency toxic delay every chunk by the same amount without slowing the stream to one chunk per delay.
/// </summary>
internal sealed class ConnectionPump
{
    private const int ChunkSize = 32 * 1024;

    // A few chunks of read-ahead; beyond that the reader stops and TCP back-pressure reaches the sender.
    private const int QueuedChunks = 8;

    // How far a bandwidth toxic may catch up after its timers fired late (a starved thread pool on a busy machine).
    private static readonly TimeSpan MaxCarriedLateness = TimeSpan.FromSeconds(1);

    // A send that blocks this long met back-pressure: the destination, not our timers, set the pace, so pacing
    // restarts from now instead of bursting to catch up.
    private static readonly TimeSpan BlockedSend = TimeSpan.FromMilliseconds(50);

    private readonly ProxyConnection connection;
    private readonly Socket source;
    private readonly Socket destination;
    private readonly ToxicDirection direction;
    private readonly ToxicChain chain;
    private readonly ToxicEnvironment environment;
    private readonly LinkCounter? counter;
    private readonly CancellationToken closing;
    private readonly Channel<Chunk> chunks = Channel.CreateBounded<Chunk>(
        new BoundedChannelOptions(QueuedChunks) { SingleReader = true, SingleWriter = true });

    // True while the writer waits on an empty queue: the reader may then send directly (see ReadLoopAsync).
    private volatile bool writerIdle;

    // Writer-side state: touched only by the writer loop.
    private ToxicChainSnapshot? snapshot;
    private ToxicState[] states = [];
    private CancellationTokenSource? interrupt;
    private long bandwidthDue;

    // Set when the writer found no data waiting: pacing then restarts from now (idle time is no credit).
    // Otherwise a late timer's lateness is carried into the next due time, so the rate holds on average.
    private bool paceFromNow = true;

    public ConnectionPump(
        ProxyConnection connection,
        Socket source,
        Socket destination,
        ToxicDirection direction,
        ToxicChain chain,
        ToxicEnvironment environment,
        LinkCounter? counter,
        CancellationToken closing)
    {
        this.counter = counter;
        this.connection = connection;
        this.source = source;
        this.destination = destination;
        this.direction = direction;
        this.chain = chain;
        this.environment = environment;
        this.closing = closing;
    }

    private TimeProvider Time => environment.Time;

    public Task RunAsync() => Task.WhenAll(ReadLoopAsync(), WriteLoopAsync());

    private async Task ReadLoopAsync()
    {
        try
        {
            while (true)
            {
                var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
                int count;
                try
                {
                    count = await source.ReceiveAsync(buffer.AsMemory(0, ChunkSize), SocketFlags.None, closing);
                }
                catch (Exception) when (!closing.IsCancellationRequested)
                {
                    // A reset source, or one the other direction closed: like Toxiproxy, treat it as the end of
                    // the stream, so what is queued still goes out before the destination is closed.
                    count = 0;
                }

                if (count == 0)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    chunks.Writer.TryComplete();
                    return;
                }

                counter?.AddReceived(count);

                // Fast path without toxics: an empty queue and an idle writer mean every earlier chunk was
                // sent, so sending here keeps the order and saves a queue hop. Count is read before the
                // flag on purpose: the writer clears the flag before it dequeues.
                if (chunks.Reader.Count == 0 && writerIdle && !HasToxicsForDirection(chain.Current))
                {
                    try
                    {
                        await SendAsync(buffer.AsMemory(0, count));
                    }
                    finally
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                    }

                    continue;
                }

                await chunks.Writer.WriteAsync(new Chunk(buffer, count, Time.GetTimestamp()), closing);
            }
        }
        catch (Exception)
        {
            // A reset or closed source ends the whole connection, as it does in Toxiproxy.
            chunks.Writer.TryComplete();
            connection.Abort(reset: false);
        }
    }

    private async Task WriteLoopAsync()
    {
        try
        {
            while (!closing.IsCancellationRequested)
            {
                if (!Refresh())
                {
                    return;
                }

                var deadline = ConnectionDeadline(out var resetPeer);
                if (deadline is { } due && Time.GetTimestamp() >= due)
                {
                    connection.Abort(resetPeer);
                    return;
                }

                if (chunks.Reader.TryRead(out var chunk))
                {
                    if (!await ForwardAsync(chunk))
                    {
                        return;
                    }

                    continue;
                }

                writerIdle = true;
                var available = await WaitForDataAsync(deadline);
                writerIdle = false;
                paceFromNow = true;
                if (available == false)
                {
                    await CloseOutputAsync();
                    return;
                }
            }
        }
        catch (Exception)
        {
            connection.Abort(reset: false);
        }
        finally
        {
            interrupt?.Dispose();
            while (chunks.Reader.TryRead(out var unsent))
            {
                ArrayPool<byte>.Shared.Return(unsent.Buffer);
            }
        }
    }

    private bool HasToxicsForDirection(ToxicChainSnapshot current)
    {
        foreach (var toxic in current.Toxics)
        {
            if (toxic.Direction == direction)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Picks up a changed chain: keeps the state of unchanged toxics, rolls toxicity for new or updated
    /// ones. Returns false (and closes the connection) when an active timeout toxic was removed.
    /// </summary>
    private bool Refresh()
    {
        var current = chain.Current;
        if (ReferenceEquals(current, snapshot))
        {
            return true;
        }

        var now = Time.GetTimestamp();
        var next = new List<ToxicState>(current.Toxics.Count);
        foreach (var spec in current.Toxics)
        {
            if (spec.Direction != direction)
            {
                continue;
            }

            var kept = Array.Find(states, s => ReferenceEquals(s.Spec, spec));
            if (kept is not null)
            {
                next.Add(kept);
                continue;
            }

            var state = new ToxicState(spec, environment.Random.Roll(spec.Toxicity), now);
            var previous = Array.Find(states, s => s.Spec.Name == spec.Name);
            if (previous is not null)
            {
                state.ForwardedBytes = previous.ForwardedBytes;
            }

            next.Add(state);
        }

        var timeoutRemoved = states.Any(old =>
            old is { Active: true, Spec.Kind: ToxicKind.Timeout } && !next.Any(s => s.Spec.Name == old.Spec.Name));

        states = [.. next];
        snapshot = current;
        interrupt?.Dispose();
        interrupt = CancellationTokenSource.CreateLinkedTokenSource(closing, current.Superseded);

        if (timeoutRemoved)
        {
            connection.Abort(reset: false);
            return false;
        }

        return true;
    }

    /// <summary>The earliest moment a timeout or reset_peer toxic ends the connection, if any.</summary>
    private long? ConnectionDeadline(out bool resetPeer)
    {
        long? earliest = null;
        resetPeer = false;
        foreach (var state in states)
        {
            if (!state.Active)
            {
                continue;
            }

            long? due = state.Spec.Kind switch
            {
                ToxicKind.Timeout when state.Spec.Attributes.Timeout > 0 =>
                    state.ActivatedTimestamp + environment.ToTimestampTicks(TimeSpan.FromMilliseconds(state.Spec.Attributes.Timeout)),
                ToxicKind.ResetPeer when state.FirstDataTimestamp is { } first =>
                    first + environment.ToTimestampTicks(TimeSpan.FromMilliseconds(state.Spec.Attributes.Timeout)),
                _ => null,
            };

            if (due is { } value && (earliest is null || value < earliest))
            {
                earliest = value;
                resetPeer = state.Spec.Kind == ToxicKind.ResetPeer;
            }
        }

        return earliest;
    }

    /// <summary>True when a chunk is queued, false at end of stream, null when interrupted (chain change or deadline).</summary>
    private async Task<bool?> WaitForDataAsync(long? deadline)
    {
        var token = interrupt!.Token;
        try
        {
            if (deadline is not { } due)
            {
                return await chunks.Reader.WaitToReadAsync(token);
            }

            using var timer = new CancellationTokenSource(Time.GetElapsedTime(Time.GetTimestamp(), due), Time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(token, timer.Token);
            return await chunks.Reader.WaitToReadAsync(linked.Token);
        }
        catch (OperationCanceledException) when (!closing.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>Runs one chunk through the chain; false when the connection is finished.</summary>
    private async Task<bool> ForwardAsync(Chunk chunk)
    {
        try
        {
            if (!await WaitForLatencyAsync(chunk.ArrivalTimestamp))
            {
                return false;
            }

            var data = chunk.Buffer.AsMemory(0, chunk.Length);
            var closeAfter = false;
            foreach (var state in states)
            {
                if (!state.Active)
                {
                    continue;
                }

                switch (state.Spec.Kind)
                {
                    case ToxicKind.Timeout:
                        return true;
                    case ToxicKind.ResetPeer:
                        state.FirstDataTimestamp ??= Time.GetTimestamp();
                        return true;
                    case ToxicKind.LimitData:
                        var remaining = state.Spec.Attributes.Bytes - state.ForwardedBytes;
                        if (remaining <= 0)
                        {
                            connection.Abort(reset: false);
                            return false;
                        }

                        if (data.Length > remaining)
                        {
                            data = data[..(int)remaining];
                        }

                        state.ForwardedBytes += data.Length;
                        closeAfter |= state.ForwardedBytes >= state.Spec.Attributes.Bytes;
                        break;
                }
            }

            await WriteShapedAsync(data);
            if (closeAfter)
            {
                connection.Abort(reset: false);
                return false;
            }

            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk.Buffer);
        }
    }

    /// <summary>
    /// Holds the chunk until its arrival plus the chain's latency. A chain change recomputes the due
    /// time, so removing a latency toxic releases buffered data at once.
    /// </summary>
    private async Task<bool> WaitForLatencyAsync(long arrival)
    {
        ToxicChainSnapshot? seen = null;
        long due = 0;
        while (true)
        {
            if (!Refresh())
            {
                return false;
            }

            if (!ReferenceEquals(seen, snapshot))
            {
                seen = snapshot;
                due = arrival + environment.ToTimestampTicks(TotalLatency());
            }

            var now = Time.GetTimestamp();
            if (now >= due)
            {
                return true;
            }

            await Task.Delay(Time.GetElapsedTime(now, due), Time, interrupt!.Token)
                .ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            closing.ThrowIfCancellationRequested();
        }
    }

    private TimeSpan TotalLatency()
    {
        var totalMs = 0L;
        foreach (var state in states)
        {
            if (state is { Active: true, Spec.Kind: ToxicKind.Latency })
            {
                // Stacked latency toxics add, each with its own jitter roll.
                totalMs += Math.Max(0, state.Spec.Attributes.Latency + environment.Random.Spread(state.Spec.Attributes.Jitter));
            }
        }

        return TimeSpan.FromMilliseconds(totalMs);
    }

    /// <summary>Sends data, cut into slices by a slicer toxic and paced by bandwidth toxics.</summary>
    private async Task WriteShapedAsync(ReadOnlyMemory<byte> data)
    {
        var (_, slicer) = Shaping();
        var slices = slicer is { Attributes.AverageSize: > 0 } ? Slice(data.Length, slicer.Attributes) : null;
        var sliceIndex = 0;
        var sliceRemaining = slices?[0] ?? 0;
        while (!data.IsEmpty)
        {
            if (!Refresh())
            {
                throw new OperationCanceledException("The connection was closed.");
            }

            var (rateKBps, currentSlicer) = Shaping();
            if (rateKBps == 0 && slices is null)
            {
                await SendAsync(data);
                return;
            }

            var size = slices is null ? data.Length : sliceRemaining;
            if (rateKBps > 0 && size > 0)
            {
                // Pieces of at most 100 ms worth, as Toxiproxy does, so a slow rate still trickles.
                size = (int)Math.Min(size, Math.Max(1, rateKBps * 100));
                var now = Time.GetTimestamp();
                if (paceFromNow || bandwidthDue < now - environment.ToTimestampTicks(MaxCarriedLateness))
                {
                    bandwidthDue = now;
                }

                paceFromNow = false;
                bandwidthDue += (long)(size * (double)Time.TimestampFrequency / (rateKBps * 1000.0));
                if (!await WaitUntilAsync(bandwidthDue))
                {
                    // The chain changed: re-evaluate before sending (the bandwidth toxic may be gone).
                    paceFromNow = true;
                    continue;
                }
            }

            var sendStarted = Time.GetTimestamp();
            await SendAsync(data[..size]);
            if (rateKBps > 0 && Time.GetElapsedTime(sendStarted) >= BlockedSend)
            {
                paceFromNow = true;
            }

            data = data[size..];
            if (slices is null)
            {
                continue;
            }

            sliceRemaining -= size;
            if (sliceRemaining > 0)
            {
                continue;
            }

            // Toxiproxy waits the slicer's delay after every slice, the last one included.
            if (currentSlicer is { Attributes.Delay: > 0 })
            {
                await WaitUntilAsync(Time.GetTimestamp() + environment.ToTimestampTicks(TimeSpan.FromMicroseconds(currentSlicer.Attributes.Delay)));
            }

            sliceIndex++;
            sliceRemaining = sliceIndex < slices.Count ? slices[sliceIndex] : data.Length;
        }
    }

    /// <summary>
    /// Slice sizes as Toxiproxy's slicer cuts them: halve recursively, moving each cut by up to
    /// ±size_variation, until a piece is within size_variation of average_size. Cuts are kept inside the piece
    /// (Toxiproxy can cut outside it and panic).
    /// </summary>
    private List<int> Slice(int length, ToxicAttributes attributes)
    {
        var sizes = new List<int>();
        var average = attributes.AverageSize;
        var variation = attributes.SizeVariation;
        void Cut(int start, int end)
        {
            if (end - start - average <= variation || end - start <= 1)
            {
                sizes.Add(end - start);
                return;
            }

            long mid = start + (end - start) / 2;
            if (variation > 0)
            {
                mid += environment.Random.Below(variation * 2) - variation;
            }

            var cut = (int)Math.Clamp(mid, start + 1, end - 1);
            Cut(start, cut);
            Cut(cut, end);
        }

        Cut(0, length);
        return sizes;
    }

    private (long RateKBps, ToxicSpec? Slicer) Shaping()
    {
        var rateKBps = 0L;
        ToxicSpec? slicer = null;
        foreach (var state in states)
        {
            if (!state.Active)
            {
                continue;
            }

            if (state.Spec.Kind == ToxicKind.Bandwidth)
            {
                // Chained bandwidth toxics: the slowest one sets the pace.
                var rate = state.Spec.Attributes.Rate;
                rateKBps = rateKBps == 0 ? rate : Math.Min(rateKBps, rate);
            }
            else if (state.Spec.Kind == ToxicKind.Slicer)
            {
                slicer = state.Spec;
            }
        }

        return (rateKBps, slicer);
    }

    /// <summary>Waits until the timestamp; false if the chain changed first.</summary>
    private async Task<bool> WaitUntilAsync(long due)
    {
        var token = interrupt!.Token;
        while (true)
        {
            var now = Time.GetTimestamp();
            if (now >= due)
            {
                return true;
            }

            await Task.Delay(Time.GetElapsedTime(now, due), Time, token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            closing.ThrowIfCancellationRequested();
            if (token.IsCancellationRequested)
            {
                return false;
            }
        }
    }

    private async Task SendAsync(ReadOnlyMemory<byte> data)
    {
        while (!data.IsEmpty)
        {
            var sent = await destination.SendAsync(data, SocketFlags.None, closing);
            counter?.AddSent(sent);
            data = data[sent..];
        }
    }

    /// <summary>
    /// End of stream from the source: close the destination, late if a slow_close toxic says so. Closed, not
    /// half-closed, as Toxiproxy does: the other direction then ends too, so a half-close does not pass through.
    /// </summary>
    private async Task CloseOutputAsync()
    {
        if (closing.IsCancellationRequested || !Refresh())
        {
            return;
        }

        var delayMs = states.Where(s => s is { Active: true, Spec.Kind: ToxicKind.SlowClose }).Sum(s => s.Spec.Attributes.Delay);
        var due = Time.GetTimestamp() + environment.ToTimestampTicks(TimeSpan.FromMilliseconds(delayMs));
        for (var now = Time.GetTimestamp(); now < due; now = Time.GetTimestamp())
        {
            // Timers may fire up to a tick early; loop until the clock says the delay is over.
            await Task.Delay(Time.GetElapsedTime(now, due), Time, closing);
        }

        destination.Dispose();
    }

    private readonly record struct Chunk(byte[] Buffer, int Length, long ArrivalTimestamp);
}
