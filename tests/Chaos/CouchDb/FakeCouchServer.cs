using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Convergence.Chaos.Tests.CouchDb;

/// <summary>
/// A minimal HTTP server on 127.0.0.1 that answers like CouchDB would for the paths a test scripts (status and JSON
/// body, bodies taken from CouchDB's source), to test what the harness does with answers a real server gives only in
/// states that are hard to reach (a locked account, a user without the admin role). One request per connection.
/// </summary>
internal sealed class FakeCouchServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<FakeRequest, (HttpStatusCode Status, string Json)> _answer;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public FakeCouchServer(Func<FakeRequest, (HttpStatusCode Status, string Json)> answer)
    {
        _answer = answer;
        _listener.Start();
        BaseUri = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _loop = Task.Run(() => AcceptAsync(_stop.Token));
    }

    public Uri BaseUri { get; }

    /// <summary>Every request seen, in order ("GET /_session").</summary>
    public List<string> Requests { get; } = [];

    /// <summary>The <c>GET /</c> answer of CouchDB 3.5.0.</summary>
    public const string CouchDbWelcome = """{"couchdb":"Welcome","version":"3.5.0","git_sha":"11f0d3643","uuid":"0e1f","features":["access-ready","partitioned","pluggable-storage-engines","reshard","scheduler"],"vendor":{"name":"The Apache Software Foundation"}}""";

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            using var client = await _listener.AcceptTcpClientAsync(cancellationToken);
            await using var stream = client.GetStream();
            var head = await ReadHeadAsync(stream, cancellationToken);
            var lines = head.Split("\r\n");
            var parts = lines[0].Split(' ');
            var authorization = lines.Skip(1).FirstOrDefault(l => l.StartsWith("Authorization:", StringComparison.OrdinalIgnoreCase))?["Authorization:".Length..].Trim();
            var request = new FakeRequest(parts[0], parts[1], authorization);
            lock (Requests) Requests.Add($"{request.Method} {request.Path}");
            var (status, json) = _answer(request);
            var body = Encoding.UTF8.GetBytes(json);
            var response = $"HTTP/1.1 {(int)status} {status}\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(response), cancellationToken);
            await stream.WriteAsync(body, cancellationToken);
        }
    }

    private static async Task<string> ReadHeadAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var buffer = new List<byte>();
        var one = new byte[1];
        while (!(buffer.Count >= 4 && buffer[^4] == '\r' && buffer[^3] == '\n' && buffer[^2] == '\r' && buffer[^1] == '\n'))
        {
            if (await stream.ReadAsync(one, cancellationToken) == 0) break;
            buffer.Add(one[0]);
        }

        return Encoding.ASCII.GetString(buffer.ToArray());
    }

    /// <summary>A request's method, path and Authorization header (null when none was sent).</summary>
    internal sealed record FakeRequest(string Method, string Path, string? Authorization);
}
