namespace Convergence.Cluster.Toxiproxy;

/// <summary>Where the embedded Toxiproxy-compatible server listens, and its clock and randomness.</summary>
public sealed record ToxiproxyServerOptions
{
    /// <summary>The API's bind address. Defaults to loopback: the API can reconfigure traffic, keep it local.</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>The API's port; 0 (the default) picks a free one. Toxiproxy's own default is 8474.</summary>
    public int Port { get; init; }

    /// <summary>
    /// Randomness for toxicity rolls, jitter and slice sizes. Pass a seeded instance to make those
    /// choices repeatable; when null the server creates an unseeded one.
    /// </summary>
    public Random? Random { get; init; }

    /// <summary>
    /// The clock for every toxic delay and deadline. Operational bounds (upstream dial, shutdown) use real
    /// time, so a manual test clock cannot make them hang.
    /// </summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>How long a new connection may wait for its upstream before the client is closed.</summary>
    public TimeSpan UpstreamDialTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long disposal waits for connection pumps to finish after closing their sockets.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Most API connections open at once. At the cap the longest-idle connection is closed to make room;
    /// when none is idle the new one is refused (503). Proxied connections are not counted.
    /// </summary>
    public int MaxApiConnections { get; init; } = 512;

    /// <summary>How long a request may take to arrive, head and body, from its first byte (Go's ReadTimeout: 15 s).</summary>
    public TimeSpan ApiRequestTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a keep-alive API connection may wait for its next request (Go's IdleTimeout: 60 s).</summary>
    public TimeSpan ApiIdleTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Serves <c>/metrics</c> with per-proxy byte counters (Toxiproxy's <c>-proxy-metrics</c>).</summary>
    public bool ProxyMetrics { get; init; }

    /// <summary>Serves <c>/metrics</c> with process counters (Toxiproxy's <c>-runtime-metrics</c>).</summary>
    public bool RuntimeMetrics { get; init; }

    /// <summary>
    /// Where the server reports trouble it survives (refused connections, accept failures), one line per episode.
    /// Null discards them.
    /// </summary>
    public Action<string>? Log { get; init; }
}
