using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Convergence.Cluster.Toxiproxy;

namespace Convergence.Chaos.Tests.Toxiproxy.Conformance;

/// <summary>
/// The server under a conformance test, an echo server behind it, and ways to talk to it: the typed client,
/// an <see cref="HttpClient"/>, and raw HTTP for what clients normalise away.
/// </summary>
public sealed class ToxiproxyTarget : IAsyncDisposable
{
    private readonly ToxiproxyServer? embedded;

    private ToxiproxyTarget(Uri baseAddress, ToxiproxyServer? embedded, EchoServer echo)
    {
        BaseAddress = baseAddress;
        this.embedded = embedded;
        Echo = echo;
        Client = new ToxiproxyClient(baseAddress);
        Http = new HttpClient { BaseAddress = baseAddress };
    }

    public Uri BaseAddress { get; }

    public ToxiproxyClient Client { get; }

    public HttpClient Http { get; }

    public EchoServer Echo { get; }

    public static async Task<ToxiproxyTarget> StartAsync(ToxiproxyTargetKind kind)
    {
        var echo = EchoServer.Start();
        if (kind == ToxiproxyTargetKind.Embedded)
        {
            var server = await ToxiproxyServer.StartAsync(new ToxiproxyServerOptions { Random = new Random(1) });
            return new ToxiproxyTarget(server.BaseAddress, server, echo);
        }

        var url = Environment.GetEnvironmentVariable(ToxiproxyBackend.UrlEnvironmentVariable)
            ?? throw new InvalidOperationException($"{ToxiproxyBackend.UrlEnvironmentVariable} is not set.");
        var target = new ToxiproxyTarget(new Uri(url.TrimEnd('/') + "/"), null, echo);
        // Each test starts from an empty server, as the embedded target does.
        foreach (var name in (await target.Client.AllAsync()).Keys)
        {
            await target.Client.DeleteAsync(name);
        }

        return target;
    }

    /// <summary>A proxy in front of the echo server, listening on a free loopback port.</summary>
    public Task<Proxy> AddEchoProxyAsync(string name = "echo") =>
        Client.AddAsync(new Proxy { Name = name, Listen = "127.0.0.1:0", Upstream = Echo.Address });

    public static Task<Socket> ConnectAsync(Proxy proxy) => ConnectAsync(IPEndPoint.Parse(proxy.Listen));

    public static async Task<Socket> ConnectAsync(IPEndPoint endPoint)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var timeout = new CancellationTokenSource(ProxyHarness.Patience);
        await socket.ConnectAsync(endPoint, timeout.Token);
        return socket;
    }

    /// <summary>Sends <paramref name="request"/> as is and reads the answer until the server closes.</summary>
    public async Task<string> RawAsync(string request)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var timeout = new CancellationTokenSource(ProxyHarness.Patience);
        await socket.ConnectAsync(BaseAddress.Host, BaseAddress.Port, timeout.Token);
        await socket.SendAsync(Encoding.ASCII.GetBytes(request), SocketFlags.None, timeout.Token);
        var answer = new MemoryStream();
        var buffer = new byte[8192];
        int read;
        while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token)) > 0)
        {
            answer.Write(buffer, 0, read);
            if (LooksComplete(answer))
            {
                break;
            }
        }

        return Encoding.UTF8.GetString(answer.ToArray());
    }

    public async ValueTask DisposeAsync()
    {
        if (embedded is null)
        {
            foreach (var name in (await Client.AllAsync()).Keys)
            {
                await Client.DeleteAsync(name);
            }
        }

        Client.Dispose();
        Http.Dispose();
        if (embedded is not null)
        {
            await embedded.DisposeAsync();
        }

        await Echo.DisposeAsync();
    }

    /// <summary>A keep-alive answer with its whole Content-Length body is complete without waiting for a close.</summary>
    private static bool LooksComplete(MemoryStream answer)
    {
        var text = Encoding.ASCII.GetString(answer.ToArray());
        var headEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (headEnd < 0)
        {
            return false;
        }

        var lengthLine = text[..headEnd].Split("\r\n").FirstOrDefault(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
        return lengthLine is not null && text.Length - headEnd - 4 >= int.Parse(lengthLine["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static async Task<TimeSpan> TimeAsync(Func<Task> action)
    {
        var started = Stopwatch.GetTimestamp();
        await action();
        return Stopwatch.GetElapsedTime(started);
    }
}
