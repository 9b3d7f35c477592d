using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Convergence.Cluster.Toxiproxy;

/// <summary>
/// Toxiproxy's REST API over the embedded proxies: routing, validation, status codes and error bodies
/// as Toxiproxy 2.12 answers them. Calls are serialised by one lock; none of them waits for traffic.
/// </summary>
internal sealed class ToxiproxyApi
{
    public const string Version = "2.12.0";

    private const string DefaultListen = "127.0.0.1:0";

    private readonly Lock gate = new();
    private readonly Dictionary<string, ProxyInstance> proxies = new(StringComparer.Ordinal);
    private readonly ToxicEnvironment environment;
    private readonly TimeSpan dialTimeout;
    private readonly ServerMetrics metrics;

    public ToxiproxyApi(ToxicEnvironment environment, TimeSpan dialTimeout, ServerMetrics metrics)
    {
        this.environment = environment;
        this.dialTimeout = dialTimeout;
        this.metrics = metrics;
    }

    public int ProxyCount
    {
        get
        {
            lock (gate)
            {
                return proxies.Count;
            }
        }
    }

    /// <summary>Open proxied connections across every proxy.</summary>
    public int ConnectionCount
    {
        get
        {
            lock (gate)
            {
                return proxies.Values.Sum(p => p.ConnectionCount);
            }
        }
    }

    /// <summary>
    /// Routes a request as Toxiproxy's gorilla/mux router does: a path that is not clean (<c>//version</c>,
    /// <c>/a/../version</c>) is redirected (301); a known path with another method is 405 with an empty body;
    /// anything else is 404. Only matched routes refuse browsers (403).
    /// </summary>
    public HttpResponse Handle(HttpRequest request)
    {
        var cleaned = RequestPath.Clean(request.Path);
        if (cleaned != request.Path)
        {
            return HttpResponse.Empty(301) with { Location = RequestPath.Escape(cleaned) + (request.Query is null ? "" : "?" + request.Query) };
        }

        string[] path = cleaned == "/" ? [] : cleaned[1..].Split('/');
        var method = request.Method;
        return path switch
        {
            ["reset"] => method == "POST" ? Known(request, Reset) : MethodNotAllowed(),
            ["proxies"] => method switch
            {
                "GET" => Known(request, AllProxies),
                "POST" => Known(request, () => CreateProxy(request.Body)),
                _ => MethodNotAllowed(),
            },
            ["populate"] => method == "POST" ? Known(request, () => Populate(request.Body)) : MethodNotAllowed(),
            ["proxies", var name] when name.Length > 0 => method switch
            {
                "GET" => Known(request, () => WithProxy(name, ProxyResponse)),
                "POST" or "PATCH" => Known(request, () => WithProxy(name, p => UpdateProxy(p, request.Body))),
                "DELETE" => Known(request, () => WithProxy(name, DeleteProxy)),
                _ => MethodNotAllowed(),
            },
            ["proxies", var name, "toxics"] when name.Length > 0 => method switch
            {
                "GET" => Known(request, () => WithProxy(name, p => Json(200, w => ToxiproxyJson.WriteToxics(w, p.Toxics.Current.Toxics)))),
                "POST" => Known(request, () => WithProxy(name, p => CreateToxic(p, request.Body))),
                _ => MethodNotAllowed(),
            },
            ["proxies", var name, "toxics", var toxic] when name.Length > 0 && toxic.Length > 0 => method switch
            {
                "GET" => Known(request, () => WithToxic(name, toxic, (_, t) => Json(200, w => ToxiproxyJson.WriteToxic(w, t)))),
                "POST" or "PATCH" => Known(request, () => WithToxic(name, toxic, (p, t) => UpdateToxic(p, t, request.Body))),
                "DELETE" => Known(request, () => WithToxic(name, toxic, (p, t) =>
                {
                    p.Toxics.TryRemove(t.Name);
                    return HttpResponse.NoContent();
                })),
                _ => MethodNotAllowed(),
            },
            ["version"] => method == "GET" ? Known(request, VersionResponse) : MethodNotAllowed(),
            ["metrics"] when metrics.Enabled => Known(request, () => new HttpResponse(200, PrometheusText.ContentType, Encoding.UTF8.GetBytes(metrics.Render()))),
            _ => HttpResponse.Text(404, "404 page not found\n"),
        };
    }

    /// <summary>Stops every proxy and waits (bounded) for their connections to end.</summary>
    public async Task StopAllAsync(TimeSpan timeout)
    {
        ProxyInstance[] all;
        lock (gate)
        {
            all = [.. proxies.Values];
            foreach (var proxy in all)
            {
                proxy.Stop();
            }
        }

        await Task.WhenAll(all.Select(p => p.DrainAsync(timeout)));
    }

    private static HttpResponse VersionResponse() =>
        HttpResponse.Json(200, Encoding.UTF8.GetBytes($"{{\"version\": \"{Version}\"}}\n"), "application/json;charset=utf-8");

    private static HttpResponse MethodNotAllowed() => HttpResponse.Empty(405);

    /// <summary>A matched route: refused to browsers (so a web page cannot reconfigure a developer's proxies), else run under the lock.</summary>
    private HttpResponse Known(HttpRequest request, Func<HttpResponse> action)
    {
        if (request.Header("User-Agent")?.StartsWith("Mozilla/", StringComparison.Ordinal) == true)
        {
            return HttpResponse.Text(403, "User agent not allowed\n");
        }

        lock (gate)
        {
            return action();
        }
    }

    private static HttpResponse Error(ApiError error)
    {
        var body = ToxiproxyJson.Serialize(w =>
        {
            w.WriteStartObject();
            w.WriteString("error", error.Message);
            w.WriteNumber("status", error.StatusCode);
            w.WriteEndObject();
        });
        return HttpResponse.Text(error.StatusCode, Encoding.UTF8.GetString(body) + "\n");
    }

    private static HttpResponse Json(int status, Action<Utf8JsonWriter> write) =>
        HttpResponse.Json(status, ToxiproxyJson.Serialize(write));

    private static HttpResponse ProxyResponse(ProxyInstance proxy) => Json(200, w => ToxiproxyJson.WriteProxy(w, proxy));

    private HttpResponse WithProxy(string name, Func<ProxyInstance, HttpResponse> action) =>
        proxies.TryGetValue(name, out var proxy) ? action(proxy) : Error(ApiError.ProxyNotFound);

    private HttpResponse WithToxic(string proxyName, string toxicName, Func<ProxyInstance, ToxicSpec, HttpResponse> action) =>
        WithProxy(proxyName, proxy => proxy.Toxics.Find(toxicName) is { } toxic ? action(proxy, toxic) : Error(ApiError.ToxicNotFound));

    private HttpResponse AllProxies() => Json(200, w =>
    {
        w.WriteStartObject();
        foreach (var proxy in proxies.Values.OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            w.WritePropertyName(proxy.Name);
            ToxiproxyJson.WriteProxy(w, proxy);
        }

        w.WriteEndObject();
    });

    private HttpResponse CreateProxy(byte[] body)
    {
        if (ParseBody(body, out var root) is { } bodyError)
        {
            return Error(bodyError);
        }

        if (ParseProxyRequest(root, out var input) is { } inputError)
        {
            return Error(inputError);
        }

        if (proxies.ContainsKey(input.Name))
        {
            return Error(ApiError.ProxyExists);
        }

        var proxy = NewProxy(input);
        if (input.Enabled && TryStart(proxy) is { } startError)
        {
            return Error(startError);
        }

        proxies.Add(proxy.Name, proxy);
        return Json(201, w => ToxiproxyJson.WriteProxy(w, proxy));
    }

    /// <summary>
    /// Toxiproxy's /populate: every entry is validated first; then each is created, kept as it is when its listen
    /// and upstream are unchanged (its <c>enabled</c> ignored, its toxics kept), or replaced (a new proxy, toxics
    /// dropped). An entry that cannot start is not added; the answer names the proxies populated before it.
    /// </summary>
    private HttpResponse Populate(byte[] body)
    {
        var (error, populated) = PopulateCore(body);
        return PopulateAnswer(error, populated);
    }

    /// <summary>/populate from a <c>-config</c> file: the error, if any, and the names of the proxies populated.</summary>
    public (ApiError? Error, IReadOnlyList<string> Names) PopulateFromConfig(byte[] json)
    {
        lock (gate)
        {
            var (error, populated) = PopulateCore(json);
            return (error, populated?.Select(p => p.Name).ToList() ?? []);
        }
    }

    private (ApiError? Error, List<ProxyInstance>? Populated) PopulateCore(byte[] body)
    {
        if (ParseBody(body, out var root) is { } bodyError)
        {
            return (bodyError, null);
        }

        if (root.ValueKind != JsonValueKind.Array)
        {
            return (ApiError.BadRequestBody($"expected a JSON array of proxies, got {Describe(root.ValueKind)}"), null);
        }

        var inputs = new List<ProxyRequest>();
        var position = 0;
        foreach (var element in root.EnumerateArray())
        {
            position++;
            if (ParseProxyRequest(element, out var input) is { } inputError)
            {
                // Go names the entry only for missing fields ("missing required field: name at proxy 2").
                return (inputError.Message.StartsWith("missing required field", StringComparison.Ordinal)
                        ? inputError with { Message = $"{inputError.Message} at proxy {position}" }
                        : inputError,
                    null);
            }

            inputs.Add(input);
        }

        var populated = new List<ProxyInstance>();
        foreach (var input in inputs)
        {
            if (proxies.TryGetValue(input.Name, out var existing))
            {
                if (!existing.Differs(input.Listen, input.Upstream))
                {
                    populated.Add(existing);
                    continue;
                }

                // Stopped first so the replacement can bind the same address.
                existing.Stop();
            }

            var proxy = NewProxy(input);
            if (input.Enabled && TryStart(proxy) is { } startError)
            {
                return (startError, populated);
            }

            proxies[proxy.Name] = proxy;
            populated.Add(proxy);
        }

        return (null, populated);
    }

    /// <summary>/populate answers JSON either way: <c>{"proxies":[…]}</c>, or with <c>"error"</c> and <c>"status"</c> first.</summary>
    private static HttpResponse PopulateAnswer(ApiError? error, List<ProxyInstance>? populated) =>
        Json(error?.StatusCode ?? 201, w =>
        {
            w.WriteStartObject();
            if (error is not null)
            {
                w.WriteString("error", error.Message);
                w.WriteNumber("status", error.StatusCode);
            }

            w.WritePropertyName("proxies");
            if (populated is null or { Count: 0 })
            {
                // Go marshals an empty result slice as null.
                w.WriteNullValue();
            }
            else
            {
                w.WriteStartArray();
                foreach (var proxy in populated)
                {
                    ToxiproxyJson.WriteProxy(w, proxy);
                }

                w.WriteEndArray();
            }

            w.WriteEndObject();
        });

    private ProxyInstance NewProxy(ProxyRequest input) =>
        new(input.Name, input.Listen, input.Upstream, environment, dialTimeout, metrics);

    private static HttpResponse UpdateProxy(ProxyInstance proxy, byte[] body)
    {
        if (ParseBody(body, out var root) is { } bodyError)
        {
            return Error(bodyError);
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            return Error(ApiError.BadRequestBody($"expected a JSON object, got {Describe(root.ValueKind)}"));
        }

        // Omitted fields keep their values, as Go decodes into a copy of the proxy.
        var listen = ReadString(root, "listen", out var listenError) ?? proxy.Listen;
        var upstream = ReadString(root, "upstream", out var upstreamError) ?? proxy.Upstream;
        var enabled = ReadBool(root, "enabled", out var enabledError) ?? proxy.Enabled;
        if ((listenError ?? upstreamError ?? enabledError) is { } fieldError)
        {
            return Error(fieldError);
        }

        try
        {
            proxy.Update(listen, upstream, enabled);
        }
        catch (SocketException ex)
        {
            return Error(ListenError(proxy.Listen, ex));
        }

        return ProxyResponse(proxy);
    }

    private HttpResponse DeleteProxy(ProxyInstance proxy)
    {
        proxy.Stop();
        proxies.Remove(proxy.Name);
        return HttpResponse.NoContent();
    }

    private HttpResponse Reset()
    {
        foreach (var proxy in proxies.Values)
        {
            proxy.Toxics.Clear();
            if (TryStart(proxy) is { } error)
            {
                return Error(error);
            }
        }

        return HttpResponse.NoContent();
    }

    private static HttpResponse CreateToxic(ProxyInstance proxy, byte[] body)
    {
        if (ParseBody(body, out var root) is { } bodyError)
        {
            return Error(bodyError);
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            return Error(ApiError.BadRequestBody("expected a JSON object"));
        }

        var name = ReadString(root, "name", out var nameError);
        var type = ReadString(root, "type", out var typeError);
        var stream = ReadString(root, "stream", out var streamError) ?? ToxicDirectionNames.DownStream;
        var toxicity = ReadToxicity(root, out var toxicityError) ?? 1.0;
        if ((nameError ?? typeError ?? streamError ?? toxicityError) is { } fieldError)
        {
            return Error(fieldError);
        }

        if (!ToxicDirectionNames.TryParse(stream, out var direction))
        {
            return Error(ApiError.InvalidStream);
        }

        if (string.IsNullOrEmpty(name))
        {
            name = $"{type}_{direction.ToWireName()}";
        }

        if (!ToxicKinds.TryParse(type, out var kind))
        {
            return Error(ApiError.InvalidToxicType);
        }

        if (proxy.Toxics.Find(name) is not null)
        {
            return Error(ApiError.ToxicExists);
        }

        if (ReadAttributes(root, kind, default, out var attributes) is { } attributeError)
        {
            return Error(attributeError);
        }

        var toxic = new ToxicSpec(name, kind, direction, toxicity, attributes);
        if (!proxy.Toxics.TryAdd(toxic))
        {
            return Error(ApiError.ToxicExists);
        }

        // Toxiproxy answers 200 here, not 201.
        return Json(200, w => ToxiproxyJson.WriteToxic(w, toxic));
    }

    private static HttpResponse UpdateToxic(ProxyInstance proxy, ToxicSpec toxic, byte[] body)
    {
        if (ParseBody(body, out var root) is { } bodyError)
        {
            return Error(bodyError);
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            return Error(ApiError.BadRequestBody("expected a JSON object"));
        }

        // Only attributes and toxicity change; name, type and stream are fixed once created.
        var toxicity = ReadToxicity(root, out var toxicityError) ?? toxic.Toxicity;
        if (toxicityError is not null)
        {
            return Error(toxicityError);
        }

        if (ReadAttributes(root, toxic.Kind, toxic.Attributes, out var attributes) is { } attributeError)
        {
            return Error(attributeError);
        }

        var updated = toxic with { Toxicity = toxicity, Attributes = attributes };
        return proxy.Toxics.TryReplace(updated)
            ? Json(200, w => ToxiproxyJson.WriteToxic(w, updated))
            : Error(ApiError.ToxicNotFound);
    }

    private static ApiError? TryStart(ProxyInstance proxy)
    {
        try
        {
            proxy.Start();
            return null;
        }
        catch (SocketException ex)
        {
            return ListenError(proxy.Listen, ex);
        }
    }

    private static ApiError ListenError(string listen, SocketException ex) =>
        new(500, $"listen tcp {listen}: bind: {ex.Message.ToLowerInvariant()}");

    /// <summary>
    /// Reads the body's first JSON value and ignores what follows, as Go's <c>json.Decoder</c> does. An empty body
    /// is "EOF" and a truncated one "unexpected EOF", Go's words; other syntax errors keep .NET's wording.
    /// </summary>
    private static ApiError? ParseBody(byte[] body, out JsonElement root)
    {
        root = default;
        if (body.AsSpan().Trim(" \t\r\n"u8).IsEmpty)
        {
            return ApiError.BadRequestBody("EOF");
        }

        var reader = new Utf8JsonReader(body, new JsonReaderOptions { AllowMultipleValues = true });
        try
        {
            using var document = JsonDocument.ParseValue(ref reader);
            root = document.RootElement.Clone();
            return null;
        }
        catch (JsonException ex)
        {
            return ApiError.BadRequestBody(IsTruncated(body) ? "unexpected EOF" : ex.Message);
        }
    }

    /// <summary>True when the body is valid JSON so far but ends inside its first value.</summary>
    private static bool IsTruncated(byte[] body)
    {
        var reader = new Utf8JsonReader(body, isFinalBlock: false, default);
        try
        {
            while (reader.Read())
            {
                if (reader.CurrentDepth == 0 && reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
                {
                    return false;
                }
            }

            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    /// <summary>A proxy as /proxies and /populate take it; the error names what is wrong, in Toxiproxy's order of checks.</summary>
    private static ApiError? ParseProxyRequest(JsonElement element, out ProxyRequest input)
    {
        input = null!;
        if (element.ValueKind != JsonValueKind.Object)
        {
            return ApiError.BadRequestBody($"expected a JSON object, got {Describe(element.ValueKind)}");
        }

        var name = ReadString(element, "name", out var nameError);
        var upstream = ReadString(element, "upstream", out var upstreamError);
        var listen = ReadString(element, "listen", out var listenError);
        var enabled = ReadBool(element, "enabled", out var enabledError);
        if ((nameError ?? upstreamError ?? listenError ?? enabledError) is { } fieldError)
        {
            return fieldError;
        }

        if (string.IsNullOrEmpty(name))
        {
            return ApiError.MissingField("name");
        }

        if (string.IsNullOrEmpty(upstream))
        {
            return ApiError.MissingField("upstream");
        }

        input = new ProxyRequest(name, string.IsNullOrEmpty(listen) ? DefaultListen : listen, upstream, enabled ?? true);
        return null;
    }

    private static string? ReadString(JsonElement obj, string field, out ApiError? error)
    {
        error = null;
        if (!JsonFields.TryGet(obj, field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            error = ApiError.BadRequestBody($"field {field} must be a string");
            return null;
        }

        return value.GetString();
    }

    private static bool? ReadBool(JsonElement obj, string field, out ApiError? error)
    {
        error = null;
        if (!JsonFields.TryGet(obj, field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            error = ApiError.BadRequestBody($"field {field} must be a boolean");
            return null;
        }

        return value.GetBoolean();
    }

    private static double? ReadToxicity(JsonElement obj, out ApiError? error)
    {
        error = null;
        if (!JsonFields.TryGet(obj, "toxicity", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var toxicity))
        {
            error = ApiError.BadRequestBody("field toxicity must be a number");
            return null;
        }

        if (toxicity is < 0 or > 1 || double.IsNaN(toxicity))
        {
            error = ApiError.InvalidAttribute("toxicity must be between 0 and 1");
            return null;
        }

        return toxicity;
    }

    /// <summary>Reads the kind's attributes over <paramref name="current"/> (so an update may name only some).</summary>
    private static ApiError? ReadAttributes(JsonElement obj, ToxicKind kind, ToxicAttributes current, out ToxicAttributes attributes)
    {
        attributes = current;
        if (JsonFields.TryGet(obj, "attributes", out var element) && element.ValueKind != JsonValueKind.Null)
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                return ApiError.BadRequestBody("field attributes must be an object");
            }

            foreach (var name in kind.AttributeNames())
            {
                if (!JsonFields.TryGet(element, name, out var value) || value.ValueKind == JsonValueKind.Null)
                {
                    continue;
                }

                if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var number))
                {
                    return ApiError.BadRequestBody($"attribute {name} must be an integer");
                }

                if (number < 0)
                {
                    return ApiError.InvalidAttribute($"{name} must not be negative");
                }

                attributes = attributes.With(name, number);
            }
        }

        // Toxiproxy stalls on rate 0 and panics on a negative rate; refusing is the only safe answer.
        if (kind == ToxicKind.Bandwidth && attributes.Rate <= 0)
        {
            return ApiError.InvalidAttribute("rate must be greater than 0");
        }

        return null;
    }

    private sealed record ProxyRequest(string Name, string Listen, string Upstream, bool Enabled);
}
