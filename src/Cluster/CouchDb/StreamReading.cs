namespace Convergence.Cluster.CouchDb;

/// <summary>Reads feed answers with an idle timeout: a held longpoll may last for ever, silence may not.</summary>
internal static class StreamReading
{
    /// <summary>Reads the stream to its end, failing when no byte (heartbeat newlines count) arrives for <paramref name="idleTimeout"/>.</summary>
    public static async Task<byte[]> ReadToEndAsync(Stream stream, TimeSpan idleTimeout, CancellationToken cancellationToken)
    {
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        while (true)
        {
            idle.CancelAfter(idleTimeout);
            int read;
            try
            {
                read = await stream.ReadAsync(chunk, idle.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"No data for {idleTimeout} while reading a feed.");
            }

            if (read == 0)
            {
                return buffer.ToArray();
            }

            buffer.Write(chunk, 0, read);
        }
    }

    /// <summary>Reads one line, failing after <paramref name="idleTimeout"/> of silence; null at the end of the stream.</summary>
    public static async Task<string?> ReadLineAsync(StreamReader reader, TimeSpan idleTimeout, CancellationToken cancellationToken)
    {
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        idle.CancelAfter(idleTimeout);
        try
        {
            return await reader.ReadLineAsync(idle.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"No data for {idleTimeout} while reading a feed.");
        }
    }
}
