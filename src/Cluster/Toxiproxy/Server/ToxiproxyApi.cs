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

    public ToxiproxyApi(ToxicEnvironment environment, TimeSpan dialTimeout)
    {
        this.environment = environment;
        this.dialTimeout = dialTimeout;
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

    public HttpResponse Handle(HttpRequest request)
    {
        // Toxiproxy refuses browsers so a web page cannot reconfigure a developer's proxies.
        if (request.Header("User-Agent")?.StartsWith("Mozilla/", StringComparison.Ordinal) == true)
        {
            return HttpResponse.Text(403, "User agent not allowed\n");
        }

        var path = request.PathSegments;
        var method = request.Method;
        lock (gate)
        {
            return path switch
            {
                ["version"] => method == "GET" ? VersionResponse() : MethodNotAllowed(),
                ["reset"] => method == "POST" ? Reset() : MethodNotAllowed(),
                ["populate"] => method == "POST" ? Populate(request.Body) : MethodNotAllowed(),
                ["proxies"] => method switch
                {
                    "GET" => AllProxies(),
                    "POST" => CreateProxy(request.Body),
                    _ => MethodNotAllowed(),
                },
                ["proxies", var name] => method switch
                {
                    "GET" => WithProxy(name, ProxyResponse),
                    "POST" or "PATCH" => WithProxy(name, p => UpdateProxy(p, request.Body)),
                    "DELETE" => WithProxy(name, DeleteProxy),
                    _ => MethodNotAllowed(),
                },
                ["proxies", var name, "toxics"] => method switch
                {
                    "GET" => WithProxy(name, p => Json(200, w => ToxiproxyJson.WriteToxics(w, p.Toxics.Current.Toxics))),
                    "POST" => WithProxy(name, p => CreateToxic(p, request.Body)),
                    _ => MethodNotAllowed(),
                },
                ["proxies", var name, "toxics", var toxic] => method switch
                {
                    "GET" => WithToxic(name, toxic, (_, t) => Json(200, w => ToxiproxyJson.WriteToxic(w, t))),
                    "POST" or "PATCH" => WithToxic(name, toxic, (p, t) => UpdateToxic(p, t, request.Body)),
                    "DELETE" => WithToxic(name, toxic, (p, t) =>
                    {
                        p.Toxics.TryRemove(t.Name);
                        return HttpResponse.NoContent();
                    }),
                    _ => MethodNotAllowed(),
                },
                _ => HttpResponse.Text(404, "404 page not found\n"),
            };
        }
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
        HttpResponse.Json(200, Encoding.UTF8.GetBytes($"{{\"version\": \"{Version}\"}}\n"));

    private static HttpResponse MethodNotAllowed() => HttpResponse.Text(405, "405 method not allowed\n");

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

        if (ParseProxyRequest(root) is not { } input)
        {
            return Error(ProxyRequestError(root));
        }

        if (proxies.ContainsKey(input.Name))
        {
            return Error(ApiError.ProxyExists);
        }

        var proxy = new ProxyInstance(input.Name, input.Listen, input.Upstream, environment, dialTimeout);
        if (input.Enabled && TryStart(proxy) is { } startError)
        {
            return Error(startError);
        }

        proxies.Add(proxy.Name, proxy);
        return Json(201, w => ToxiproxyJson.WriteProxy(w, proxy));
    }

    private HttpResponse Populate(byte[] body)
    {
        if (ParseBody(body, out var root) is { } bodyError)
        {
            return Error(bodyError);
        }

        if (root.ValueKind != JsonValueKind.Array)
        {
            return Error(ApiError.BadRequestBody("expected a JSON array of proxies"));
        }

        var inputs = new List<ProxyRequest>();
        foreach (var element in root.EnumerateArray())
        {
            if (ParseProxyRequest(element) is not { } input)
            {
                return Error(ProxyRequestError(element));
            }

            inputs.Add(input);
        }

        var populated = new List<ProxyInstance>();
        foreach (var input in inputs)
        {
            if (!proxies.TryGetValue(input.Name, out var proxy))
            {
                proxy = new ProxyInstance(input.Name, input.Listen, input.Upstream, environment, dialTimeout);
                proxies.Add(proxy.Name, proxy);
            }
            else
            {
                // An existing proxy keeps its bound address unless the input names another one.
                var listen = input.Listen == DefaultListen ? proxy.Listen : input.Listen;
                try
                {
                    proxy.Reconfigure(listen, input.Upstream);
                }
                catch (SocketException ex)
                {
                    return Error(ListenError(listen, ex));
                }
            }

            var error = input.Enabled ? TryStart(proxy) : StopAndSucceed(proxy);
            if (error is not null)
            {
                return Error(error);
            }

            populated.Add(proxy);
        }

        return Json(201, w =>
        {
            w.WriteStartObject();
            w.WritePropertyName("proxies");
            w.WriteStartArray();
            foreach (var proxy in populated)
            {
                ToxiproxyJson.WriteProxy(w, proxy);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    private static HttpResponse UpdateProxy(ProxyInstance proxy, byte[] body)
    {
        if (ParseBody(body, out var root) is { } bodyError)
        {
            return Error(bodyError);
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            return Error(ApiError.BadRequestBody("expected a JSON object"));
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
            proxy.Reconfigure(listen, upstream);
        }
        catch (SocketException ex)
        {
            return Error(ListenError(listen, ex));
        }

        var error = enabled ? TryStart(proxy) : StopAndSucceed(proxy);
        return error is null ? ProxyResponse(proxy) : Error(error);
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

    private static ApiError? StopAndSucceed(ProxyInstance proxy)
    {
        proxy.Stop();
        return null;
    }

    private static ApiError ListenError(string listen, SocketException ex) =>
        new(500, $"listen tcp {listen}: bind: {ex.Message.ToLowerInvariant()}");

    private static ApiError? ParseBody(byte[] body, out JsonElement root)
    {
        root = default;
        if (body.Length == 0)
        {
            return ApiError.BadRequestBody("EOF");
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            root = document.RootElement.Clone();
            return null;
        }
        catch (JsonException ex)
        {
            return ApiError.BadRequestBody(ex.Message);
        }
    }

    private static ProxyRequest? ParseProxyRequest(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var name = ReadString(element, "name", out var nameError);
        var upstream = ReadString(element, "upstream", out var upstreamError);
        var listen = ReadString(element, "listen", out var listenError);
        var enabled = ReadBool(element, "enabled", out var enabledError);
        if (nameError is not null || upstreamError is not null || listenError is not null || enabledError is not null
            || string.IsNullOrEmpty(name) || string.IsNullOrEmpty(upstream))
        {
            return null;
        }

        return new ProxyRequest(name, string.IsNullOrEmpty(listen) ? DefaultListen : listen, upstream, enabled ?? true);
    }

    /// <summary>Why <see cref="ParseProxyRequest"/> refused an element, in Toxiproxy's order of checks.</summary>
    private static ApiError ProxyRequestError(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return ApiError.BadRequestBody("expected a JSON object");
        }

        var name = ReadString(element, "name", out var nameError);
        var upstream = ReadString(element, "upstream", out var upstreamError);
        ReadString(element, "listen", out var listenError);
        ReadBool(element, "enabled", out var enabledError);
        if ((nameError ?? upstreamError ?? listenError ?? enabledError) is { } fieldError)
        {
            return fieldError;
        }

        return string.IsNullOrEmpty(name) ? ApiError.MissingField("name") : ApiError.MissingField("upstream");
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
