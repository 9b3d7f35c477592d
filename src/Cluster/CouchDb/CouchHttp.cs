using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Convergence.Cluster.CouchDb;

/// <summary>Sends requests to one server and turns error answers into typed exceptions.</summary>
internal sealed class CouchHttp : IDisposable
{
    private static readonly MediaTypeHeaderValue JsonMediaType = new("application/json");

    private readonly HttpClient _http;

    public CouchHttp(CouchClientOptions options)
    {
        Options = options;
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = options.ConnectTimeout,
            // Recycle pooled connections so a restarted server on the same port is not hit through a stale socket forever.
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            AutomaticDecompression = DecompressionMethods.None,
        };
        _http = new HttpClient(options.OnRequest is { } observe ? new ObservingHandler(observe) { InnerHandler = handler } : handler)
        {
            BaseAddress = options.BaseUri,
            // Timeouts are per request (feeds need idle timeouts, not whole-request ones).
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (options.Credentials is { } credentials)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", credentials.ToBasicHeaderValue());
        }
    }

    public CouchClientOptions Options { get; }

    public static HttpContent JsonContent(ReadOnlyMemory<byte> utf8Json)
    {
        var content = new ReadOnlyMemoryContent(utf8Json);
        content.Headers.ContentType = JsonMediaType;
        return content;
    }

    public static HttpContent JsonContent(Action<Utf8JsonWriter> write)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return JsonContent(buffer.WrittenMemory);
    }

    /// <summary>Sends a request and parses the JSON answer; throws a <see cref="CouchException"/> on an error status.</summary>
    public async Task<JsonDocument> SendAsync(
        HttpMethod method, string relativeUri, HttpContent? content, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Options.RequestTimeout);
        try
        {
            using var request = new HttpRequestMessage(method, relativeUri) { Content = content };
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            await ThrowIfErrorAsync(response, method, relativeUri, timeout.Token).ConfigureAwait(false);
            await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
            return await JsonDocument.ParseAsync(stream, cancellationToken: timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{method} {relativeUri} took longer than {Options.RequestTimeout}.");
        }
    }

    /// <summary>
    /// Sends a request whose answer is read as a stream (feeds). The caller owns the response and applies its
    /// own idle timeout while reading; here only the time to the response headers is limited.
    /// </summary>
    public async Task<HttpResponseMessage> SendStreamingAsync(
        HttpMethod method, string relativeUri, HttpContent? content, TimeSpan headersTimeout, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(headersTimeout);
        HttpResponseMessage? response = null;
        try
        {
            using var request = new HttpRequestMessage(method, relativeUri) { Content = content };
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            await ThrowIfErrorAsync(response, method, relativeUri, timeout.Token).ConfigureAwait(false);
            return response;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            response?.Dispose();
            throw new TimeoutException($"{method} {relativeUri}: no response headers within {headersTimeout}.");
        }
        catch
        {
            response?.Dispose();
            throw;
        }
    }

    private static async Task ThrowIfErrorAsync(
        HttpResponseMessage response, HttpMethod method, string relativeUri, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var status = response.StatusCode;
        var error = status.ToString();
        var reason = string.Empty;
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                error = document.RootElement.GetStringOrNull("error") ?? error;
                reason = document.RootElement.GetStringOrNull("reason") ?? reason;
            }
        }
        catch (JsonException)
        {
            reason = body.Length > 200 ? body[..200] : body;
        }

        // The query string is left out: it can be long, and the path says enough.
        var path = relativeUri.Split('?', 2)[0];
        var description = $"{method} /{path}";
        throw status switch
        {
            HttpStatusCode.NotFound => new CouchNotFoundException(error, reason, description),
            HttpStatusCode.Conflict => new CouchConflictException(error, reason, description),
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => new CouchUnauthorizedException(status, error, reason, description),
            _ => new CouchException(status, error, reason, description),
        };
    }

    public void Dispose() => _http.Dispose();

    /// <summary>Shows each request to <see cref="CouchClientOptions.OnRequest"/> before passing it on.</summary>
    private sealed class ObservingHandler(Action<HttpRequestMessage> observe) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            observe(request);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
