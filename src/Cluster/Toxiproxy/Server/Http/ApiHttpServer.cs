using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Convergence.Cluster.Toxiproxy;

/// <summary>
/// A small HTTP/1.x server on a raw listening socket: keep-alive, Content-Length and chunked bodies,
/// Expect: 100-continue, answered in the request's HTTP version as Go's net/http does. It defends itself:
/// at most <see cref="ToxiproxyServerOptions.MaxApiConnections"/> connections (the longest-idle one makes room),
/// request and idle timeouts, and an accept loop that outlives accept failures such as fd exhaustion.
/// </summary>
internal sealed class ApiHttpServer : IAsyncDisposable
{
    private const int MaxHeaderLineLength = 16 * 1024;
    private const int MaxHeaderCount = 100;
    private const int MaxBodyBytes = 8 * 1024 * 1024;
    private const int Backlog = 512;

    // After a failed accept (no fds left, say), wait this long before trying again instead of spinning.
    private static readonly TimeSpan AcceptRetryDelay = TimeSpan.FromMilliseconds(50);

    private static readonly byte[] ServiceUnavailable =
        Encoding.ASCII.GetBytes("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");

    private readonly Socket listener;
    private readonly Func<HttpRequest, HttpResponse> handler;
    private readonly ToxiproxyServerOptions options;
    private readonly CancellationTokenSource stopping = new();
    private readonly ConcurrentDictionary<ApiConnection, Task> connections = new();
    private int connectionCount;
    private Task acceptLoop = Task.CompletedTask;
    private Task sweepLoop = Task.CompletedTask;

    // One log line per episode of trouble (at most one a minute), not one per refused connection.
    private static readonly TimeSpan ReportInterval = TimeSpan.FromMinutes(1);
    private long refusingReportedAt = long.MinValue;
    private long acceptFailureReportedAt = long.MinValue;

    public ApiHttpServer(IPEndPoint endPoint, Func<HttpRequest, HttpResponse> handler, ToxiproxyServerOptions options)
    {
        listener = ListeningSocket.Open(endPoint, Backlog);
        this.handler = handler;
        this.options = options;
    }

    public IPEndPoint LocalEndPoint => (IPEndPoint)listener.LocalEndPoint!;

    /// <summary>API connections open right now.</summary>
    public int ConnectionCount => Volatile.Read(ref connectionCount);

    public void Start()
    {
        acceptLoop = AcceptLoopAsync();
        sweepLoop = SweepLoopAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener.Dispose();
        foreach (var connection in connections.Keys)
        {
            CloseConnection(connection);
        }

        try
        {
            await Task.WhenAll([acceptLoop, sweepLoop, .. connections.Values]).WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (TimeoutException)
        {
            // Sockets are closed; stragglers finish on their own.
        }

        stopping.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptAsync(stopping.Token);
            }
            catch (Exception) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is SocketException or IOException or OutOfMemoryException)
            {
                // EMFILE/ENFILE, ENOBUFS, a connection aborted while queued: the listener itself is fine.
                // Closing an idle connection frees an fd for the next try; the pending connection stays queued.
                if (Due(ref acceptFailureReportedAt))
                {
                    options.Log?.Invoke($"toxiproxy API: cannot accept connections ({ex.Message}); closing idle ones and retrying");
                }

                TryEvictIdle();
                try
                {
                    await Task.Delay(AcceptRetryDelay, stopping.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                continue;
            }

            if (ConnectionCount >= options.MaxApiConnections && !TryEvictIdle())
            {
                Refuse(socket);
                continue;
            }

            var connection = new ApiConnection(socket);
            Interlocked.Increment(ref connectionCount);
            var completion = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            connections[connection] = completion.Task;
            _ = ServeAsync(connection, completion);
        }
    }

    private void Refuse(Socket socket)
    {
        if (Due(ref refusingReportedAt))
        {
            options.Log?.Invoke($"toxiproxy API: {options.MaxApiConnections} connections busy; refusing new ones until some finish");
        }

        try
        {
            // Best effort and never blocking: the answer fits in an empty send buffer.
            socket.Blocking = false;
            socket.Send(ServiceUnavailable);
        }
        catch (SocketException)
        {
            // The client left already.
        }
        finally
        {
            socket.Dispose();
        }
    }

    /// <summary>A request already in the socket's buffer makes the connection busy in a moment: not one to close.</summary>
    private static bool HasRequestWaiting(ApiConnection connection)
    {
        try
        {
            return connection.Socket.Available > 0;
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            return false;
        }
    }

    private void CloseConnection(ApiConnection connection)
    {
        if (connection.Close())
        {
            Interlocked.Decrement(ref connectionCount);
        }
    }

    /// <summary>True when nothing of this kind was logged within <see cref="ReportInterval"/>; then marks it logged.</summary>
    private static bool Due(ref long reportedAt)
    {
        var now = Stopwatch.GetTimestamp();
        var last = Volatile.Read(ref reportedAt);
        return (last == long.MinValue || Stopwatch.GetElapsedTime(last, now) >= ReportInterval)
            && Interlocked.CompareExchange(ref reportedAt, now, last) == last;
    }

    /// <summary>Closes the connection that has waited longest for a request; false when every connection is busy.</summary>
    private bool TryEvictIdle()
    {
        ApiConnection? oldest = null;
        foreach (var connection in connections.Keys)
        {
            if (connection.IsIdle && (oldest is null || connection.IdleSince < oldest.IdleSince) && !HasRequestWaiting(connection))
            {
                oldest = connection;
            }
        }

        if (oldest is not null)
        {
            CloseConnection(oldest);
        }

        return oldest is not null;
    }

    /// <summary>Closes connections past their deadline (slow request heads, idle keep-alives, stuck writes).</summary>
    private async Task SweepLoopAsync()
    {
        var shortest = Math.Min(options.ApiRequestTimeout.Ticks, options.ApiIdleTimeout.Ticks);
        var period = TimeSpan.FromTicks(Math.Clamp(shortest / 4, TimeSpan.FromMilliseconds(10).Ticks, TimeSpan.FromSeconds(1).Ticks));
        using var timer = new PeriodicTimer(period);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping.Token))
            {
                var now = Stopwatch.GetTimestamp();
                foreach (var connection in connections.Keys)
                {
                    if (connection.IsOverdue(now))
                    {
                        CloseConnection(connection);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private async Task ServeAsync(ApiConnection connection, TaskCompletionSource completion)
    {
        var socket = connection.Socket;
        try
        {
            socket.NoDelay = true;
            var reader = new HttpConnectionReader(socket);
            // Go's ReadTimeout runs from the start of the first request; later ones get the idle timeout first.
            connection.MarkIdle(options.ApiRequestTimeout);
            while (!stopping.IsCancellationRequested)
            {
                if (!reader.HasBufferedData)
                {
                    // A zero-byte read waits for data without holding a buffer: idle connections stay cheap.
                    await socket.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None, stopping.Token);
                }

                connection.MarkBusy(options.ApiRequestTimeout);
                var request = await ReadRequestAsync(socket, reader);
                if (request is null)
                {
                    return;
                }

                var (parsed, version, keepAlive) = request.Value;
                HttpResponse response;
                try
                {
                    response = handler(parsed);
                }
                catch (Exception ex)
                {
                    response = HttpResponse.Text(500, ex.Message + "\n");
                }

                await WriteResponseAsync(socket, response, version, keepAlive);
                if (!keepAlive)
                {
                    socket.Shutdown(SocketShutdown.Send);
                    return;
                }

                connection.MarkIdle(options.ApiIdleTimeout);
            }
        }
        catch (BadRequestException ex)
        {
            await TryWriteAsync(socket, ex.RawResponse);
        }
        catch (HeaderTooLargeException)
        {
            await TryWriteAsync(socket, BadRequestException.Raw("431 Request Header Fields Too Large"));
        }
        catch (InvalidDataException)
        {
            await TryWriteAsync(socket, BadRequestException.Raw("400 Bad Request"));
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            // The client went away, a timeout or an eviction closed the socket, or the server is stopping.
        }
        finally
        {
            CloseConnection(connection);
            connections.TryRemove(connection, out _);
            completion.TrySetResult();
        }
    }

    private async Task<(HttpRequest Request, string Version, bool KeepAlive)?> ReadRequestAsync(Socket socket, HttpConnectionReader reader)
    {
        var token = stopping.Token;
        string? requestLine;
        do
        {
            requestLine = await reader.ReadLineAsync(MaxHeaderLineLength, token);
            if (requestLine is null)
            {
                return null;
            }
        }
        while (requestLine.Length == 0); // RFC 9112: ignore empty lines before a request

        var parts = requestLine.Split(' ');
        if (parts.Length != 3 || parts[2] is not ("HTTP/1.0" or "HTTP/1.1") || parts[0].Length == 0)
        {
            throw new BadRequestException(parts.Length == 3 && parts[2].StartsWith("HTTP/", StringComparison.Ordinal)
                ? "505 HTTP Version Not Supported"
                : "400 Bad Request");
        }

        var version = parts[2];
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        while (true)
        {
            var line = await reader.ReadLineAsync(MaxHeaderLineLength, token)
                ?? throw new InvalidDataException("Connection closed inside HTTP headers.");
            if (line.Length == 0)
            {
                break;
            }

            var colon = line.IndexOf(':');
            if (colon <= 0)
            {
                throw new BadRequestException("400 Bad Request", "malformed MIME header line: " + line);
            }

            if (headers.Count >= MaxHeaderCount)
            {
                throw new HeaderTooLargeException();
            }

            var name = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            headers[name] = headers.TryGetValue(name, out var earlier) ? earlier + ", " + value : value;
        }

        // Go refuses an HTTP/1.1 request without Host (RFC 9112 §3.2); HTTP/1.0 may omit it.
        if (version == "HTTP/1.1" && !headers.ContainsKey("Host"))
        {
            throw new BadRequestException("400 Bad Request", "missing required Host header");
        }

        if (!TryParseTarget(parts[1], out var path, out var query))
        {
            throw new BadRequestException("400 Bad Request");
        }

        if (headers.TryGetValue("Expect", out var expect) && expect.Equals("100-continue", StringComparison.OrdinalIgnoreCase))
        {
            await socket.SendAsync(Encoding.ASCII.GetBytes($"{version} 100 Continue\r\n\r\n"), SocketFlags.None, token);
        }

        var body = new MemoryStream();
        if (headers.TryGetValue("Transfer-Encoding", out var encoding) && encoding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            await ReadChunkedBodyAsync(reader, body, token);
        }
        else if (headers.TryGetValue("Content-Length", out var lengthText))
        {
            if (!int.TryParse(lengthText, NumberStyles.None, CultureInfo.InvariantCulture, out var length) || length > MaxBodyBytes)
            {
                throw new BadRequestException("400 Bad Request", "bad Content-Length");
            }

            await reader.ReadExactAsync(body, length, token);
        }

        headers.TryGetValue("Connection", out var connection);
        var keepAlive = version == "HTTP/1.0"
            ? HasToken(connection, "keep-alive")
            : !HasToken(connection, "close");

        return (new HttpRequest(parts[0], path, query, headers, body.ToArray()), version, keepAlive);
    }

    private static bool HasToken(string? header, string token) =>
        header is not null && header.Split(',').Any(t => t.Trim().Equals(token, StringComparison.OrdinalIgnoreCase));

    private static async Task ReadChunkedBodyAsync(HttpConnectionReader reader, MemoryStream body, CancellationToken token)
    {
        while (true)
        {
            var sizeLine = await reader.ReadLineAsync(MaxHeaderLineLength, token)
                ?? throw new InvalidDataException("Connection closed inside a chunked body.");
            var sizeText = sizeLine.Split(';')[0].Trim();
            if (!int.TryParse(sizeText, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var size)
                || size < 0
                || body.Length + size > MaxBodyBytes)
            {
                throw new InvalidDataException("Invalid chunk size.");
            }

            if (size == 0)
            {
                // Trailers, up to the empty line.
                while (!string.IsNullOrEmpty(await reader.ReadLineAsync(MaxHeaderLineLength, token)))
                {
                }

                return;
            }

            await reader.ReadExactAsync(body, size, token);
            if (await reader.ReadLineAsync(MaxHeaderLineLength, token) != string.Empty)
            {
                throw new InvalidDataException("Malformed chunk terminator.");
            }
        }
    }

    /// <summary>
    /// The request target's path, percent-decoded as a whole (Go's <c>URL.Path</c>: "a%2Fb" becomes "a/b"),
    /// and its raw query. False for an undecodable escape, which Go answers with 400.
    /// </summary>
    private static bool TryParseTarget(string target, out string path, out string? query)
    {
        query = null;
        path = "";
        if (!target.StartsWith('/'))
        {
            if (!Uri.TryCreate(target, UriKind.Absolute, out var absolute) || !absolute.Scheme.StartsWith("http", StringComparison.Ordinal))
            {
                return false;
            }

            target = absolute.PathAndQuery;
        }

        var questionMark = target.IndexOf('?');
        if (questionMark >= 0)
        {
            query = target[(questionMark + 1)..];
            target = target[..questionMark];
        }

        for (var i = target.IndexOf('%'); i >= 0; i = target.IndexOf('%', i + 1))
        {
            if (i + 2 >= target.Length || !Uri.IsHexDigit(target[i + 1]) || !Uri.IsHexDigit(target[i + 2]))
            {
                return false;
            }
        }

        path = Uri.UnescapeDataString(target);
        return true;
    }

    private async Task WriteResponseAsync(Socket socket, HttpResponse response, string version, bool keepAlive)
    {
        var head = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"{version} {response.StatusCode} {HttpResponse.ReasonPhrase(response.StatusCode)}\r\n");
        if (response.ContentType is not null)
        {
            head.Append(CultureInfo.InvariantCulture, $"Content-Type: {response.ContentType}\r\n");
            if (response.ContentType == HttpResponse.PlainText)
            {
                head.Append("X-Content-Type-Options: nosniff\r\n");
            }
        }

        if (response.Location is not null)
        {
            head.Append(CultureInfo.InvariantCulture, $"Location: {response.Location}\r\n");
        }

        if (response.StatusCode != 204)
        {
            head.Append(CultureInfo.InvariantCulture, $"Content-Length: {response.Body.Length}\r\n");
        }

        if (version == "HTTP/1.0")
        {
            if (keepAlive)
            {
                head.Append("Connection: keep-alive\r\n");
            }
        }
        else if (!keepAlive)
        {
            head.Append("Connection: close\r\n");
        }

        head.Append("\r\n");
        var headBytes = Encoding.ASCII.GetBytes(head.ToString());
        var message = new byte[headBytes.Length + response.Body.Length];
        headBytes.CopyTo(message, 0);
        response.Body.CopyTo(message, headBytes.Length);
        await SendAllAsync(socket, message);
    }

    private async Task SendAllAsync(Socket socket, ReadOnlyMemory<byte> message)
    {
        while (!message.IsEmpty)
        {
            var sent = await socket.SendAsync(message, SocketFlags.None, stopping.Token);
            message = message[sent..];
        }
    }

    private async Task TryWriteAsync(Socket socket, byte[] raw)
    {
        try
        {
            await SendAllAsync(socket, raw);
            socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Best effort on a connection we are closing anyway.
        }
    }

    /// <summary>A request the server cannot parse; answered as Go's net/http answers it, then the connection closes.</summary>
    private sealed class BadRequestException(string status, string? detail = null) : Exception(status)
    {
        public byte[] RawResponse { get; } = Raw(status, detail);

        // Go writes these without Content-Length and closes: "HTTP/1.1 400 Bad Request ... 400 Bad Request: <why>".
        public static byte[] Raw(string status, string? detail = null) => Encoding.ASCII.GetBytes(
            $"HTTP/1.1 {status}\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n{status}{(detail is null ? "" : ": " + detail)}");
    }
}
