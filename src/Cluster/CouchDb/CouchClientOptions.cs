namespace Convergence.Cluster.CouchDb;

/// <summary>Where a <see cref="CouchClient"/> connects and how long it waits.</summary>
public sealed record CouchClientOptions
{
    public CouchClientOptions(Uri baseUri)
    {
        ArgumentNullException.ThrowIfNull(baseUri);
        if (!baseUri.IsAbsoluteUri)
        {
            throw new ArgumentException($"The CouchDB base URI must be absolute: {baseUri}", nameof(baseUri));
        }

        // A trailing slash makes relative paths ("events/_changes") resolve under the base, not beside it.
        BaseUri = baseUri.AbsoluteUri.EndsWith('/') ? baseUri : new Uri(baseUri.AbsoluteUri + "/");
    }

    /// <summary>The server's root, always ending in '/'.</summary>
    public Uri BaseUri { get; }

    /// <summary>Basic-auth credentials, or null for none.</summary>
    public CouchCredentials? Credentials { get; init; }

    /// <summary>Whole-request limit for ordinary (non-feed) requests.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>TCP connect limit; short, so a killed server is noticed quickly.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Called with every request this client sends (method, path and query), before it goes out: a live run counts the
    /// load the harness itself puts on each replica with it. Null for none.
    /// </summary>
    public Action<HttpRequestMessage>? OnRequest { get; init; }
}
