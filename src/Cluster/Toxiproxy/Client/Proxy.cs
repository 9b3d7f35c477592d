namespace Convergence.Cluster.Toxiproxy;

/// <summary>
/// A proxy as the Toxiproxy API describes it. Instances returned by <see cref="ToxiproxyClient"/> are bound
/// to it, so toxics can be managed from the proxy (<c>await proxy.AddAsync(new LatencyToxic { … })</c>).
/// </summary>
public sealed class Proxy
{
    private ToxiproxyClient? client;

    public required string Name { get; init; }

    /// <summary>"host:port" to listen on; "127.0.0.1:0" (the default) lets the server pick a port and report it back.</summary>
    public string Listen { get; set; } = "127.0.0.1:0";

    /// <summary>"host:port" of the server the proxy forwards to.</summary>
    public required string Upstream { get; set; }

    /// <summary>A disabled proxy closes its listener and every connection through it.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The toxics as of the last answer from the server.</summary>
    public IReadOnlyList<Toxic> Toxics { get; internal set; } = [];

    private ToxiproxyClient Client =>
        client ?? throw new InvalidOperationException($"Proxy '{Name}' is not bound to a client; add it with ToxiproxyClient.AddAsync first.");

    public Task<T> AddAsync<T>(T toxic, CancellationToken cancellationToken = default)
        where T : Toxic => Client.AddToxicAsync(Name, toxic, cancellationToken);

    /// <summary>Sends <see cref="Listen"/>, <see cref="Upstream"/> and <see cref="Enabled"/>, then refreshes this instance.</summary>
    public async Task<Proxy> UpdateAsync(CancellationToken cancellationToken = default)
    {
        var updated = await Client.UpdateAsync(this, cancellationToken);
        CopyFrom(updated);
        return this;
    }

    public async Task<Proxy> SetEnabledAsync(bool enabled, CancellationToken cancellationToken = default)
    {
        Enabled = enabled;
        return await UpdateAsync(cancellationToken);
    }

    public Task<IReadOnlyList<Toxic>> GetAllToxicsAsync(CancellationToken cancellationToken = default) =>
        Client.GetToxicsAsync(Name, cancellationToken);

    public Task<Toxic> GetToxicAsync(string toxicName, CancellationToken cancellationToken = default) =>
        Client.GetToxicAsync(Name, toxicName, cancellationToken);

    /// <summary>Changes a toxic's attributes and toxicity (its name, type and stream are fixed once created).</summary>
    public Task<T> UpdateToxicAsync<T>(T toxic, CancellationToken cancellationToken = default)
        where T : Toxic => Client.UpdateToxicAsync(Name, toxic, cancellationToken);

    public Task RemoveToxicAsync(string toxicName, CancellationToken cancellationToken = default) =>
        Client.RemoveToxicAsync(Name, toxicName, cancellationToken);

    public Task DeleteAsync(CancellationToken cancellationToken = default) => Client.DeleteAsync(Name, cancellationToken);

    public override string ToString() => $"{Name} {Listen} -> {Upstream}{(Enabled ? "" : " (disabled)")}";

    internal Proxy BindTo(ToxiproxyClient owner)
    {
        client = owner;
        return this;
    }

    private void CopyFrom(Proxy other)
    {
        Listen = other.Listen;
        Upstream = other.Upstream;
        Enabled = other.Enabled;
        Toxics = other.Toxics;
    }
}
