using System.Net.Sockets;
using System.Text;

namespace Convergence.Cluster.Toxiproxy;

/// <summary>
/// Buffered reads of CRLF lines and exact byte counts from one HTTP connection. The buffer is allocated on the
/// first byte, so a connection that never sends costs no buffer.
/// </summary>
internal sealed class HttpConnectionReader(Socket socket)
{
    private const int BufferSize = 16 * 1024;

    private byte[]? buffer;
    private int start;
    private int end;

    /// <summary>Bytes already read from the socket and not consumed yet (the start of a pipelined request).</summary>
    public bool HasBufferedData => end > start;

    /// <summary>The next line without its CRLF; null at end of stream. Throws <see cref="InvalidDataException"/> past <paramref name="maxLength"/>.</summary>
    public async Task<string?> ReadLineAsync(int maxLength, CancellationToken cancellationToken)
    {
        var line = new StringBuilder();
        while (true)
        {
            if (buffer is not null)
            {
                var newline = Array.IndexOf(buffer, (byte)'\n', start, end - start);
                var stop = newline < 0 ? end : newline;
                line.Append(Encoding.Latin1.GetString(buffer, start, stop - start));
                if (line.Length > maxLength)
                {
                    throw new HeaderTooLargeException();
                }

                if (newline >= 0)
                {
                    start = newline + 1;
                    if (line.Length > 0 && line[^1] == '\r')
                    {
                        line.Length--;
                    }

                    return line.ToString();
                }
            }

            start = end = 0;
            if (!await FillAsync(cancellationToken))
            {
                return line.Length == 0 ? null : throw new InvalidDataException("Connection closed inside an HTTP header.");
            }
        }
    }

    /// <summary>Exactly <paramref name="count"/> bytes, appended to <paramref name="destination"/>.</summary>
    public async Task ReadExactAsync(MemoryStream destination, int count, CancellationToken cancellationToken)
    {
        while (count > 0)
        {
            if (start == end)
            {
                start = end = 0;
                if (!await FillAsync(cancellationToken))
                {
                    throw new InvalidDataException("Connection closed inside an HTTP body.");
                }
            }

            var take = Math.Min(count, end - start);
            destination.Write(buffer!, start, take);
            start += take;
            count -= take;
        }
    }

    private async Task<bool> FillAsync(CancellationToken cancellationToken)
    {
        buffer ??= new byte[BufferSize];
        var read = await socket.ReceiveAsync(buffer.AsMemory(end), SocketFlags.None, cancellationToken);
        end += read;
        return read > 0;
    }
}

/// <summary>A request line or header longer than the server accepts (answered 431, as Go does).</summary>
internal sealed class HeaderTooLargeException() : IOException("Request header too large.");
