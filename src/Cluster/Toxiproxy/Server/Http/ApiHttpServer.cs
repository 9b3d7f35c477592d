using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Convergence.Cluster.Toxiproxy;

/// <summary>
/// A small HTTP/1.1 server over a <see cref="TcpListener"/>: keep-alive, Content-Length and chunked
/// bodies, Expect: 100-continue. Enough for Toxiproxy clients (Go, .NET, curl) without ASP.NET Core.
/// </summary>
internal sealed class ApiHttpServer : IAsyncDisposable
{
    private const int MaxHeaderLineLength = 16 * 1024;
    private const int MaxHeaderCount = 100;
    private const int MaxBodyBytes = 8 * 1024 * 1024;

    private readonly TcpListener listener;
    private readonly Func<HttpRequest, HttpResponse> handler;
    private readonly CancellationTokenSource stopping = new();
    private readonly ConcurrentDictionary<Socket, Task> connections = new();
    private Task acceptLoop = Task.CompletedTask;

    public ApiHttpServer(IPEndPoint endPoint, Func<HttpRequest, HttpResponse> handler)
    {
        listener = new TcpListener(endPoint);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        this.handler = handler;
    }

    public IPEndPoint LocalEndPoint => (IPEndPoint)listener.LocalEndpoint;

    public void Start()
    {
        listener.Start(backlog: 128);
        acceptLoop = AcceptLoopAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener.Dispose();
        foreach (var socket in connections.Keys)
        {
            socket.Dispose();
        }

        try
        {
            await Task.WhenAll([acceptLoop, .. connections.Values]).WaitAsync(TimeSpan.FromSeconds(5));
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
                socket = await listener.AcceptSocketAsync(stopping.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException or InvalidOperationException)
            {
                // Stopped, possibly before the first accept ("Not listening" is an InvalidOperationException).
                return;
            }

            socket.NoDelay = true;
            var completion = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            connections[socket] = completion.Task;
            _ = ServeAsync(socket, completion);
        }
    }

    private async Task ServeAsync(Socket socket, TaskCompletionSource completion)
    {
        try
        {
            var reader = new HttpConnectionReader(socket);
            while (!stopping.IsCancellationRequested)
            {
                var request = await ReadRequestAsync(socket, reader);
                if (request is null)
                {
                    return;
                }

                var (parsed, keepAlive) = request.Value;
                HttpResponse response;
                try
                {
                    response = handler(parsed);
                }
                catch (Exception ex)
                {
                    response = HttpResponse.Text(500, ex.Message);
                }

                await WriteResponseAsync(socket, response, keepAlive);
                if (!keepAlive)
                {
                    socket.Shutdown(SocketShutdown.Send);
                    return;
                }
            }
        }
        catch (InvalidDataException ex)
        {
            await TryWriteAsync(socket, HttpResponse.Text(400, ex.Message));
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            // The client went away or the server is stopping.
        }
        finally
        {
            connections.TryRemove(socket, out _);
            socket.Dispose();
            completion.TrySetResult();
        }
    }

    private async Task<(HttpRequest Request, bool KeepAlive)?> ReadRequestAsync(Socket socket, HttpConnectionReader reader)
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
        if (parts.Length != 3 || !parts[2].StartsWith("HTTP/1.", StringComparison.Ordinal))
        {
            throw new InvalidDataException("Malformed HTTP request line.");
        }

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
            if (colon <= 0 || headers.Count >= MaxHeaderCount)
            {
                throw new InvalidDataException("Malformed HTTP header.");
            }

            var name = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            headers[name] = headers.TryGetValue(name, out var earlier) ? earlier + ", " + value : value;
        }

        if (headers.TryGetValue("Expect", out var expect) && expect.Equals("100-continue", StringComparison.OrdinalIgnoreCase))
        {
            await socket.SendAsync(Encoding.ASCII.GetBytes("HTTP/1.1 100 Continue\r\n\r\n"), SocketFlags.None, token);
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
                throw new InvalidDataException("Invalid or too large Content-Length.");
            }

            await reader.ReadExactAsync(body, length, token);
        }

        var http10 = parts[2] == "HTTP/1.0";
        headers.TryGetValue("Connection", out var connection);
        var keepAlive = http10
            ? string.Equals(connection, "keep-alive", StringComparison.OrdinalIgnoreCase)
            : !string.Equals(connection, "close", StringComparison.OrdinalIgnoreCase);

        return (new HttpRequest(parts[0], ParsePath(parts[1]), headers, body.ToArray()), keepAlive);
    }

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

    /// <summary>Path segments, percent-decoded one by one so a proxy named "eu->us" survives escaping.</summary>
    private static string[] ParsePath(string target)
    {
        if (Uri.TryCreate(target, UriKind.Absolute, out var absolute) && absolute.Scheme.StartsWith("http", StringComparison.Ordinal))
        {
            target = absolute.PathAndQuery;
        }

        var query = target.IndexOf('?');
        if (query >= 0)
        {
            target = target[..query];
        }

        return target.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
    }

    private async Task WriteResponseAsync(Socket socket, HttpResponse response, bool keepAlive)
    {
        var head = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {response.StatusCode} {HttpResponse.ReasonPhrase(response.StatusCode)}\r\n");
        if (response.ContentType is not null)
        {
            head.Append(CultureInfo.InvariantCulture, $"Content-Type: {response.ContentType}\r\n");
        }

        if (response.StatusCode != 204)
        {
            head.Append(CultureInfo.InvariantCulture, $"Content-Length: {response.Body.Length}\r\n");
        }

        if (!keepAlive)
        {
            head.Append("Connection: close\r\n");
        }

        head.Append("\r\n");
        var headBytes = Encoding.ASCII.GetBytes(head.ToString());
        var message = new byte[headBytes.Length + response.Body.Length];
        headBytes.CopyTo(message, 0);
        response.Body.CopyTo(message, headBytes.Length);

        var remaining = message.AsMemory();
        while (!remaining.IsEmpty)
        {
            var sent = await socket.SendAsync(remaining, SocketFlags.None, stopping.Token);
            remaining = remaining[sent..];
        }
    }

    private async Task TryWriteAsync(Socket socket, HttpResponse response)
    {
        try
        {
            await WriteResponseAsync(socket, response, keepAlive: false);
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Best effort on a connection we are closing anyway.
        }
    }
}
