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
}
