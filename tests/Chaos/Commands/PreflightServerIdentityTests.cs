using System.Net;
using System.Net.Sockets;
using System.Text;
using Convergence.Cli;
using Xunit;

namespace Convergence.Chaos.Tests.Commands;

/// <summary>
/// <c>chaos --url</c> / <c>--toxiproxy</c> pointed at a server that answers but is something else (a web page, a JSON API):
/// one line saying so, exit 2, never the page's HTML or a JSON parser's message.
/// </summary>
public sealed class PreflightServerIdentityTests : IDisposable
{
    private const string Html = "<!DOCTYPE html><html><head><title>404 Not Found</title></head><body><h1>Not Found</h1></body></html>";

    private readonly ChaosCli _cli = new();

    [Theory]
    [InlineData(200, "text/html", Html, "is not JSON")]
    [InlineData(404, "text/html", Html, "GET / answered HTTP 404 NotFound")]
    [InlineData(200, "application/json", "{\"status\":\"ok\"}", "no \"couchdb\" welcome")]
    [InlineData(200, "application/json", "[1,2,3]", "not a JSON object")]
    public async Task Chaos_UrlOfAServerThatIsNotCouchDb_SaysItAnsweredButIsNotCouchDb(int status, string contentType, string body, string why)
    {
        await using var server = await CannedHttpServer.StartAsync(status, contentType, body);

        var run = await _cli.RunAsync("chaos", "--url", server.Url, "--out", _cli.OutDirectory);

        var line = AssertOneErrorLine(run);
        Assert.Contains("answered, but is not a CouchDB server", line, StringComparison.Ordinal);
        Assert.Contains(why, line, StringComparison.Ordinal);
        Assert.DoesNotContain("<", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(404, "text/html", Html, "answered HTTP 404 NotFound with a page")]
    [InlineData(200, "text/html", Html, "is not a Toxiproxy API")]
    public async Task Chaos_ToxiproxyUrlOfAWebServer_SaysWhatAnsweredWithoutThePage(int status, string contentType, string body, string why)
    {
        await using var server = await CannedHttpServer.StartAsync(status, contentType, body);

        var run = await _cli.RunAsync("chaos", "--toxiproxy", server.Url, "--out", _cli.OutDirectory);

        var line = AssertOneErrorLine(run);
        Assert.Contains(why, line, StringComparison.Ordinal);
        Assert.DoesNotContain("<", line, StringComparison.Ordinal);
    }

    public void Dispose() => _cli.Dispose();

    private static string AssertOneErrorLine(ChaosCli.ChaosRun run)
    {
        Assert.True(run.ExitCode == ExitCodes.BadArguments, run.ToString());
        var lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"expected one line, got:\n{run.Output}");
        Assert.StartsWith("error:", lines[0], StringComparison.Ordinal);
        return lines[0];
    }

    /// <summary>Answers every request on 127.0.0.1 (an ephemeral port) with the same status and body, then closes.</summary>
    private sealed class CannedHttpServer : IAsyncDisposable
    {
        private readonly TcpListener _listener;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;

        private CannedHttpServer(TcpListener listener, byte[] response)
        {
            _listener = listener;
            _loop = ServeAsync(response);
        }

        public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

        public static Task<CannedHttpServer> StartAsync(int status, string contentType, string body)
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var payload = Encoding.UTF8.GetBytes(body);
            var head = Encoding.ASCII.GetBytes(
                $"HTTP/1.1 {status} {(HttpStatusCode)status}\r\nContent-Type: {contentType}\r\nContent-Length: {payload.Length}\r\nConnection: close\r\n\r\n");
            return Task.FromResult(new CannedHttpServer(listener, [.. head, .. payload]));
        }

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

        private async Task ServeAsync(byte[] response)
        {
            while (!_stop.IsCancellationRequested)
            {
                using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                var stream = client.GetStream();
                // Read the request head (up to the blank line), then answer and close.
                var buffer = new byte[8192];
                var seen = new StringBuilder();
                while (!seen.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    var n = await stream.ReadAsync(buffer, _stop.Token);
                    if (n == 0) break;
                    seen.Append(Encoding.ASCII.GetString(buffer, 0, n));
                }
                await stream.WriteAsync(response, _stop.Token);
            }
        }
    }
}
