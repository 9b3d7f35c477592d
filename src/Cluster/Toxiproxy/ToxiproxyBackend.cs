namespace Convergence.Cluster.Toxiproxy;

/// <summary>
/// The fault proxy a run uses: a real Toxiproxy when a URL is given (or <c>TOXIPROXY_URL</c> is set),
/// otherwise an embedded <see cref="ToxiproxyServer"/> owned and disposed by this object. Either way all
/// faults go through <see cref="Client"/>.
/// </summary>
public sealed class ToxiproxyBackend : IAsyncDisposable
{
    public const string UrlEnvironmentVariable = "TOXIPROXY_URL";

    private ToxiproxyBackend(ToxiproxyClient client, ToxiproxyServer? embeddedServer)
    {
        Client = client;
        EmbeddedServer = embeddedServer;
    }

    public ToxiproxyClient Client { get; }

    /// <summary>The embedded server when no external Toxiproxy was named; null otherwise.</summary>
    public ToxiproxyServer? EmbeddedServer { get; }

    public bool IsEmbedded => EmbeddedServer is not null;

    public Uri BaseAddress => Client.BaseAddress;

    /// <summary>
    /// Uses <paramref name="toxiproxyUrl"/> (e.g. from <c>--toxiproxy</c>), else the <c>TOXIPROXY_URL</c>
    /// environment variable, else starts an embedded server on a free loopback port.
    /// </summary>
    public static Task<ToxiproxyBackend> ResolveAsync(string? toxiproxyUrl, CancellationToken cancellationToken) =>
        ResolveAsync(toxiproxyUrl, Environment.GetEnvironmentVariable(UrlEnvironmentVariable), null, cancellationToken);

    /// <summary>
    /// As <see cref="ResolveAsync(string?, CancellationToken)"/> with the environment value passed in and
    /// options for the embedded server. An external server is checked with <c>GET /version</c> first, so a
    /// wrong URL fails here rather than at the first fault.
    /// </summary>
    public static async Task<ToxiproxyBackend> ResolveAsync(
        string? toxiproxyUrl,
        string? environmentUrl,
        ToxiproxyServerOptions? embeddedOptions,
        CancellationToken cancellationToken)
    {
        var url = !string.IsNullOrWhiteSpace(toxiproxyUrl) ? toxiproxyUrl : environmentUrl;
        if (!string.IsNullOrWhiteSpace(url))
        {
            if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var baseAddress)
                || (baseAddress.Scheme != Uri.UriSchemeHttp && baseAddress.Scheme != Uri.UriSchemeHttps))
            {
                throw new ArgumentException($"Toxiproxy URL '{url}' is not an absolute http(s) URL.", nameof(toxiproxyUrl));
            }

            var client = new ToxiproxyClient(baseAddress);
            try
            {
                await client.VersionAsync(cancellationToken);
                return new ToxiproxyBackend(client, null);
            }
            catch
            {
                client.Dispose();
                throw;
            }
        }

        var server = await ToxiproxyServer.StartAsync(embeddedOptions, cancellationToken);
        return new ToxiproxyBackend(server.CreateClient(), server);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (EmbeddedServer is not null)
        {
            await EmbeddedServer.DisposeAsync();
        }
    }
}
