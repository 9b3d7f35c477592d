using System.Text.Json;
using System.Text.Json.Nodes;
using Convergence.Domain.Envelope;
using Convergence.Domain.Modules;
using Convergence.Simulator.Runs;

namespace Convergence.Simulator.Traces;

/// <summary>
/// A run's deliveries as data (Coyote's trace): every event as its stored document, and the order
/// in which each region's log received them. Written next to a run's report as <c>trace.json</c>;
/// <see cref="TraceReplay"/> re-runs the orders through the domain in-process.
/// </summary>
public sealed record RunTrace(
    string Scenario,
    ulong Seed,
    string Engine,
    IReadOnlyList<string> Modules,
    IReadOnlyList<EventEnvelope> Events,
    IReadOnlyList<RegionOrder> Regions)
{
    public const int FormatVersion = 1;

    /// <summary>The trace of a finished run: each region's log order as read at the end.</summary>
    public static RunTrace FromRecord(RunRecord run) => new(
        run.Scenario.Name,
        run.Scenario.Seed,
        run.Engine,
        run.Catalog.Modules.Select(m => m.Name).ToArray(),
        run.Envelopes,
        run.Regions.Select(r => new RegionOrder(r.Region.Value, r.Log.Where(i => i >= 0).ToArray())).ToArray());

    public string ToJson(DomainCatalog catalog)
    {
        using var buffer = new MemoryStream();
        WriteJson(buffer, catalog);
        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>
    /// Streams the trace as JSON: each event's stored document is written as the codec encodes it, so a long
    /// run's trace costs a buffer, not a document tree of every event (memory stays flat in the run's length).
    /// </summary>
    public void WriteJson(Stream stream, DomainCatalog catalog)
    {
        var codec = new EventCodec(catalog);
        using var json = new Utf8JsonWriter(stream);
        json.WriteStartObject();
        json.WriteNumber("version", FormatVersion);
        json.WriteString("scenario", Scenario);
        json.WriteNumber("seed", Seed);
        json.WriteString("engine", Engine);
        json.WriteStartArray("modules");
        foreach (var module in Modules) json.WriteStringValue(module);
        json.WriteEndArray();
        json.WriteStartArray("events");
        foreach (var envelope in Events)
        {
            json.WriteRawValue(codec.EncodeToUtf8(envelope), skipInputValidation: true);
            if (json.BytesPending > 1 << 16) json.Flush();
        }
        json.WriteEndArray();
        json.WriteStartArray("regions");
        foreach (var region in Regions)
        {
            json.WriteStartObject();
            json.WriteString("region", region.Region);
            json.WriteStartArray("order");
            foreach (var index in region.Order)
            {
                json.WriteNumberValue(index);
                if (json.BytesPending > 1 << 16) json.Flush();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>
    /// Reads a trace; a malformed file (not JSON, not an object, a field of the wrong type), events this domain cannot read,
    /// or a trace with no region orders (nothing to replay) are an <see cref="ArgumentException"/> with one line saying which.
    /// </summary>
    public static RunTrace Parse(string json, DomainCatalog catalog)
    {
        JsonNode? parsed;
        try
        {
            parsed = JsonNode.Parse(json);
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"the trace is not JSON: {e.Message}", e);
        }
        if (parsed is not JsonObject root)
            throw new ArgumentException($"the trace must be a JSON object with version, events and regions, got {Describe(parsed)}");
        if (root["version"] is not JsonValue version || !version.TryGetValue<int>(out var number) || number != FormatVersion)
            throw new ArgumentException($"unsupported trace version {root["version"]?.ToJsonString() ?? "(none)"} (expected {FormatVersion})");

        var modules = ArrayOf(root, "modules", required: false).Select((m, i) => Text(m, $"modules[{i}]")).ToArray();
        var missing = modules.Except(catalog.Modules.Select(m => m.Name)).ToArray();
        if (missing.Length > 0)
            throw new ArgumentException($"the trace needs module(s) {string.Join(", ", missing)}: add them with --module PATH");

        var codec = new EventCodec(catalog);
        var events = new List<EventEnvelope>();
        foreach (var node in ArrayOf(root, "events", required: true))
        {
            if (node is not JsonObject document) throw new ArgumentException($"events[{events.Count}] of the trace must be an object, got {Describe(node)}");
            var decoded = codec.Decode(JsonSerializer.Deserialize<JsonElement>(document.ToJsonString()));
            if (!decoded.IsEvent) throw new ArgumentException($"event {events.Count} of the trace: {decoded.Error}");
            events.Add(decoded.Envelope);
        }

        var regions = new List<RegionOrder>();
        foreach (var node in ArrayOf(root, "regions", required: true))
        {
            var at = $"regions[{regions.Count}]";
            if (node is not JsonObject region) throw new ArgumentException($"{at} of the trace must be an object, got {Describe(node)}");
            var name = Text(region["region"], $"{at}.region");
            var order = ArrayOf(region, "order", required: true, at).Select((i, k) => Index(i, $"{at}.order[{k}]")).ToArray();
            regions.Add(new RegionOrder(name, order));
        }
        // A run interrupted before any region was read leaves no orders: replaying nothing would "agree" and prove nothing.
        if (regions.Count == 0) throw new ArgumentException("the trace holds no region's delivery order: there is nothing to replay");
        if (regions.SelectMany(r => r.Order).Any(i => i < 0 || i >= events.Count))
            throw new ArgumentException("the trace's orders name events it does not hold");

        var seed = root["seed"] is JsonValue s && s.TryGetValue<ulong>(out var value) ? value : 0;
        return new RunTrace(OptionalText(root["scenario"]), seed, OptionalText(root["engine"]), modules, events, regions);
    }

    private static JsonArray ArrayOf(JsonObject parent, string field, bool required, string within = "the trace")
    {
        var node = parent[field];
        if (node is JsonArray array) return array;
        if (node is null && !required) return [];
        throw new ArgumentException($"{within}'s \"{field}\" must be an array, got {Describe(node)}");
    }

    private static string Text(JsonNode? node, string at) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : throw new ArgumentException($"{at} of the trace must be a string, got {Describe(node)}");

    private static string OptionalText(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : "";

    private static int Index(JsonNode? node, string at) =>
        node is JsonValue value && value.TryGetValue<int>(out var index) ? index : throw new ArgumentException($"{at} of the trace must be an event index, got {Describe(node)}");

    private static string Describe(JsonNode? node) => node switch
    {
        null => "nothing",
        JsonArray => "an array",
        JsonObject => "an object",
        _ => node.GetValueKind() switch
        {
            JsonValueKind.String => "a string",
            JsonValueKind.Number => "a number",
            JsonValueKind.True or JsonValueKind.False => "a boolean",
            _ => node.GetValueKind().ToString().ToLowerInvariant(),
        },
    };
}

/// <summary>The order in which one region's log received the trace's events (indexes into its events).</summary>
public sealed record RegionOrder(string Region, IReadOnlyList<int> Order);
