using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Convergence.Cluster.Toxiproxy;

/// <summary>Async client of the Toxiproxy v2 REST API (a real Toxiproxy or the embedded <see cref="ToxiproxyServer"/>).</summary>
public sealed class ToxiproxyClient : IDisposable
{
    private static readonly MediaTypeHeaderValue JsonMediaType = new("application/json");

    private readonly HttpClient http;
    private readonly bool ownsHttp;

    /// <summary>A client with its own <see cref="HttpClient"/> for the API at <paramref name="baseAddress"/>.</summary>
    public ToxiproxyClient(Uri baseAddress)
        : this(new HttpClient { BaseAddress = WithTrailingSlash(baseAddress), Timeout = TimeSpan.FromSeconds(30) }, ownsHttp: true)
    {
    }

    /// <summary>A client over a caller-owned <see cref="HttpClient"/> whose BaseAddress is the API's.</summary>
    public ToxiproxyClient(HttpClient httpClient)
        : this(httpClient, ownsHttp: false)
    {
    }

    private ToxiproxyClient(HttpClient http, bool ownsHttp)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (http.BaseAddress is null)
        {
            throw new ArgumentException("The HttpClient needs a BaseAddress (the Toxiproxy API's URL).", nameof(http));
        }

        this.http = http;
        this.ownsHttp = ownsHttp;
    }

    public Uri BaseAddress => http.BaseAddress!;

    /// <summary>The server's version, e.g. "2.12.0".</summary>
    public async Task<string> VersionAsync(CancellationToken cancellationToken = default)
    {
        var body = await SendAsync(HttpMethod.Get, "version", null, cancellationToken);
        var text = Encoding.UTF8.GetString(body).Trim();
        if (!text.StartsWith('{'))
        {
            return text; // Toxiproxy before 2.6 answered plain text.
        }

        using var document = JsonDocument.Parse(body);
        return JsonFields.GetString(document.RootElement, "version") ?? text;
    }

    /// <summary>Every proxy by name, with its toxics.</summary>
    public async Task<IReadOnlyDictionary<string, Proxy>> AllAsync(CancellationToken cancellationToken = default)
    {
        using var document = await SendForJsonAsync(HttpMethod.Get, "proxies", null, cancellationToken);
        var proxies = new Dictionary<string, Proxy>(StringComparer.Ordinal);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            proxies[property.Name] = ReadProxy(property.Value);
        }

        return proxies;
    }

    /// <summary>Creates a proxy; the answer carries the bound listen address. 409 if the name is taken.</summary>
    public async Task<Proxy> AddAsync(Proxy proxy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(proxy);
        using var document = await SendForJsonAsync(HttpMethod.Post, "proxies", Json(w => WriteProxy(w, proxy)), cancellationToken);
        return ReadProxy(document.RootElement);
    }

    /// <summary>Creates or updates several proxies at once (Toxiproxy's /populate).</summary>
    public async Task<IReadOnlyList<Proxy>> PopulateAsync(IEnumerable<Proxy> proxies, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(proxies);
        var body = Json(w =>
        {
            w.WriteStartArray();
            foreach (var proxy in proxies)
            {
                WriteProxy(w, proxy);
            }

            w.WriteEndArray();
        });
        using var document = await SendForJsonAsync(HttpMethod.Post, "populate", body, cancellationToken);
        return JsonFields.TryGet(document.RootElement, "proxies", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(ReadProxy).ToList()
            : [];
    }

    /// <summary>The named proxy; throws <see cref="ToxiproxyException"/> (404) when there is none.</summary>
    public async Task<Proxy> FindProxyAsync(string name, CancellationToken cancellationToken = default)
    {
        using var document = await SendForJsonAsync(HttpMethod.Get, ProxyPath(name), null, cancellationToken);
        return ReadProxy(document.RootElement);
    }

    /// <summary>Sends the proxy's listen, upstream and enabled fields; returns the server's view.</summary>
    public async Task<Proxy> UpdateAsync(Proxy proxy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(proxy);
        var body = Json(w =>
        {
            w.WriteStartObject();
            w.WriteString("listen", proxy.Listen);
            w.WriteString("upstream", proxy.Upstream);
            w.WriteBoolean("enabled", proxy.Enabled);
            w.WriteEndObject();
        });
        // PATCH: Toxiproxy 2.12 still takes POST here but logs it as deprecated on every call.
        using var document = await SendForJsonAsync(HttpMethod.Patch, ProxyPath(proxy.Name), body, cancellationToken);
        return ReadProxy(document.RootElement);
    }

    public async Task DeleteAsync(string proxyName, CancellationToken cancellationToken = default) =>
        await SendAsync(HttpMethod.Delete, ProxyPath(proxyName), null, cancellationToken);

    public Task DeleteAsync(Proxy proxy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(proxy);
        return DeleteAsync(proxy.Name, cancellationToken);
    }

    /// <summary>Enables every proxy and removes every toxic.</summary>
    public async Task ResetAsync(CancellationToken cancellationToken = default) =>
        await SendAsync(HttpMethod.Post, "reset", null, cancellationToken);

    /// <summary>Adds a toxic to the end of the proxy's chain; it acts on existing connections too.</summary>
    public async Task<T> AddToxicAsync<T>(string proxyName, T toxic, CancellationToken cancellationToken = default)
        where T : Toxic
    {
        ArgumentNullException.ThrowIfNull(toxic);
        var body = Json(w => ToxicJson.Write(w, toxic));
        using var document = await SendForJsonAsync(HttpMethod.Post, ProxyPath(proxyName) + "/toxics", body, cancellationToken);
        return AsType<T>(ToxicJson.Read(document.RootElement));
    }

    public async Task<IReadOnlyList<Toxic>> GetToxicsAsync(string proxyName, CancellationToken cancellationToken = default)
    {
        using var document = await SendForJsonAsync(HttpMethod.Get, ProxyPath(proxyName) + "/toxics", null, cancellationToken);
        return document.RootElement.EnumerateArray().Select(ToxicJson.Read).ToList();
    }

    public async Task<Toxic> GetToxicAsync(string proxyName, string toxicName, CancellationToken cancellationToken = default)
    {
        using var document = await SendForJsonAsync(HttpMethod.Get, ToxicPath(proxyName, toxicName), null, cancellationToken);
        return ToxicJson.Read(document.RootElement);
    }

    /// <summary>Changes the named toxic's attributes and toxicity.</summary>
    public async Task<T> UpdateToxicAsync<T>(string proxyName, T toxic, CancellationToken cancellationToken = default)
        where T : Toxic
    {
        ArgumentNullException.ThrowIfNull(toxic);
        var name = toxic.Name ?? throw new ArgumentException("The toxic to update needs its name.", nameof(toxic));
        var body = Json(w => ToxicJson.Write(w, toxic, includeIdentity: false));
        using var document = await SendForJsonAsync(HttpMethod.Patch, ToxicPath(proxyName, name), body, cancellationToken);
        return AsType<T>(ToxicJson.Read(document.RootElement));
    }

    public async Task RemoveToxicAsync(string proxyName, string toxicName, CancellationToken cancellationToken = default) =>
        await SendAsync(HttpMethod.Delete, ToxicPath(proxyName, toxicName), null, cancellationToken);

    public void Dispose()
    {
        if (ownsHttp)
        {
            http.Dispose();
        }
    }

    // Relative paths resolve under the base only when it ends with '/' ("http://h/tp" + "proxies" = "http://h/proxies").
    private static Uri WithTrailingSlash(Uri baseAddress)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        return baseAddress.AbsoluteUri.EndsWith('/') ? baseAddress : new Uri(baseAddress.AbsoluteUri + "/");
    }

    private static string ProxyPath(string proxyName)
    {
        ArgumentException.ThrowIfNullOrEmpty(proxyName);
        return "proxies/" + Uri.EscapeDataString(proxyName);
    }

    private static string ToxicPath(string proxyName, string toxicName)
    {
        ArgumentException.ThrowIfNullOrEmpty(toxicName);
        return ProxyPath(proxyName) + "/toxics/" + Uri.EscapeDataString(toxicName);
    }

    private static T AsType<T>(Toxic toxic)
        where T : Toxic =>
        toxic as T ?? throw new InvalidOperationException($"The server answered a '{toxic.Type}' toxic where {typeof(T).Name} was sent.");

    private static void WriteProxy(Utf8JsonWriter writer, Proxy proxy)
    {
        writer.WriteStartObject();
        writer.WriteString("name", proxy.Name);
        writer.WriteString("listen", proxy.Listen);
        writer.WriteString("upstream", proxy.Upstream);
        writer.WriteBoolean("enabled", proxy.Enabled);
        writer.WriteEndObject();
    }

    private Proxy ReadProxy(JsonElement element)
    {
        var toxics = JsonFields.TryGet(element, "toxics", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(ToxicJson.Read).ToList()
            : [];
        return new Proxy
        {
            Name = JsonFields.GetString(element, "name") ?? "",
            Listen = JsonFields.GetString(element, "listen") ?? "",
            Upstream = JsonFields.GetString(element, "upstream") ?? "",
            Enabled = JsonFields.TryGet(element, "enabled", out var enabled) && enabled.ValueKind == JsonValueKind.True,
            Toxics = toxics,
        }.BindTo(this);
    }

    private static ByteArrayContent Json(Action<Utf8JsonWriter> write)
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        // Sized content (not a stream) so the request carries Content-Length, which every server accepts.
        var content = new ByteArrayContent(buffer.ToArray());
        content.Headers.ContentType = JsonMediaType;
        return content;
    }

    private async Task<JsonDocument> SendForJsonAsync(HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken)
    {
        var body = await SendAsync(method, path, content, cancellationToken);
        return JsonDocument.Parse(body);
    }

    private async Task<byte[]> SendAsync(HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        using var response = await http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            return body;
        }

        throw new ToxiproxyException(response.StatusCode, ErrorMessage(response.StatusCode, body));
    }

    private static string ErrorMessage(HttpStatusCode status, byte[] body)
    {
        var text = Encoding.UTF8.GetString(body).Trim();
        try
        {
            using var document = JsonDocument.Parse(body);
            return JsonFields.GetString(document.RootElement, "error") ?? text;
        }
        catch (JsonException)
        {
            return text.Length > 0 ? text : status.ToString();
        }
    }
}
