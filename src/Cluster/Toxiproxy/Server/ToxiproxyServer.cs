using System.Net;
using System.Net.Sockets;

namespace Convergence.Cluster.Toxiproxy;

/// <summary>
/// An embedded TCP fault proxy that speaks Toxiproxy's v2 REST API, so the same client drives it or a real
/// Toxiproxy. Disposing it closes the API, every proxy listener and every proxied connection.
/// </summary>
/// <example>
/// <code>
/// await using var server = await ToxiproxyServer.StartAsync(new ToxiproxyServerOptions { Port = 8474 }, ct);
/// using var client = server.CreateClient();
/// </code>
/// </example>
public sealed class ToxiproxyServer : IAsyncDisposable
{
    private readonly ApiHttpServer http;
    private readonly ToxiproxyApi api;
    private readonly TimeSpan shutdownTimeout;
    private int disposed;

    private ToxiproxyServer(ApiHttpServer http, ToxiproxyApi api, TimeSpan shutdownTimeout)
    {
        this.http = http;
        this.api = api;
        this.shutdownTimeout = shutdownTimeout;
        var endPoint = http.LocalEndPoint;
        EndPoint = endPoint;
        BaseAddress = new Uri($"http://{HostPort.FromEndPoint(endPoint)}/");
    }

    /// <summary>The API's address, e.g. <c>http://127.0.0.1:8474/</c>.</summary>
    public Uri BaseAddress { get; }

    public IPEndPoint EndPoint { get; }

    /// <summary>API connections open right now (at most <see cref="ToxiproxyServerOptions.MaxApiConnections"/>).</summary>
    public int ApiConnectionCount => http.ConnectionCount;

    /// <summary>Proxied TCP connections open right now, across every proxy.</summary>
    public int OpenConnectionCount => api.ConnectionCount;

    public int ProxyCount => api.ProxyCount;

    /// <summary>
    /// Binds the API on <see cref="ToxiproxyServerOptions.Host"/>:<see cref="ToxiproxyServerOptions.Port"/>
    /// (a free port by default) and starts serving. Throws <see cref="SocketException"/> if the port is taken.
    /// </summary>
    public static async Task<ToxiproxyServer> StartAsync(ToxiproxyServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        options ??= new ToxiproxyServerOptions();
        if (options.Port is < 0 or > IPEndPoint.MaxPort)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Port, "Port must be between 0 and 65535.");
        }

        if (options.UpstreamDialTimeout <= TimeSpan.Zero || options.ShutdownTimeout < TimeSpan.Zero
            || options.ApiRequestTimeout <= TimeSpan.Zero || options.ApiIdleTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "Timeouts must be positive.");
        }

        if (options.MaxApiConnections < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxApiConnections, "MaxApiConnections must be at least 1.");
        }

        var bindTo = new HostPort(options.Host, options.Port).ToBindEndPoint();
        var environment = new ToxicEnvironment(options.TimeProvider, new ToxicRandom(options.Random ?? new Random()));
        var api = new ToxiproxyApi(environment, options.UpstreamDialTimeout, new ServerMetrics(options.ProxyMetrics, options.RuntimeMetrics));
        // Binding throws SocketException ("address already in use") before anything else has started.
        var http = new ApiHttpServer(bindTo, api.Handle, options);
        http.Start();
        var server = new ToxiproxyServer(http, api, options.ShutdownTimeout);
        await ConnectionPathWarmUp.RunAsync(environment, http.LocalEndPoint, cancellationToken);
        return server;
    }

    /// <summary>
    /// Creates the proxies of a Toxiproxy <c>-config</c> file (the JSON array <c>/populate</c> takes) and returns
    /// their names. Throws <see cref="ToxiproxyException"/> with populate's status and message when it fails
    /// (the proxies before the failing entry stay, as with /populate).
    /// </summary>
    public async Task<IReadOnlyList<string>> PopulateFromFileAsync(string path, CancellationToken cancellationToken = default)
    {
        var json = await File.ReadAllBytesAsync(path, cancellationToken);
        var (error, names) = api.PopulateFromConfig(json);
        return error is null ? names : throw new ToxiproxyException((System.Net.HttpStatusCode)error.StatusCode, error.Message);
    }

    /// <summary>
    /// Runs a server until <paramref name="cancellationToken"/> fires (e.g. Ctrl+C), then shuts it down.
    /// <paramref name="started"/> is told the API address once it listens.
    /// </summary>
    public static async Task RunAsync(ToxiproxyServerOptions options, Action<Uri>? started, CancellationToken cancellationToken)
    {
        await using var server = await StartAsync(options, cancellationToken);
        started?.Invoke(server.BaseAddress);
        try
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, options.TimeProvider, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Requested shutdown.
        }
    }

    /// <summary>A client for this server; the caller disposes it.</summary>
    public ToxiproxyClient CreateClient() => new(BaseAddress);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        await http.DisposeAsync();
        await api.StopAllAsync(shutdownTimeout);
    }
}
