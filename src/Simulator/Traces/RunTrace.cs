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

    /// <summary>Reads a trace; a malformed file, or events this domain cannot read, are an <see cref="ArgumentException"/>.</summary>
    public static RunTrace Parse(string json, DomainCatalog catalog)
    {
        JsonNode root;
        try
        {
            root = JsonNode.Parse(json) ?? throw new ArgumentException("the trace is empty");
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"the trace is not JSON: {e.Message}", e);
        }
        if ((int?)root["version"] != FormatVersion) throw new ArgumentException($"unsupported trace version {root["version"]} (expected {FormatVersion})");

        var modules = root["modules"]?.AsArray().Select(m => (string)m!).ToArray() ?? [];
        var missing = modules.Except(catalog.Modules.Select(m => m.Name)).ToArray();
        if (missing.Length > 0)
            throw new ArgumentException($"the trace needs module(s) {string.Join(", ", missing)}: add them with --module PATH");

        var codec = new EventCodec(catalog);
        var events = new List<EventEnvelope>();
        foreach (var node in root["events"]?.AsArray() ?? [])
        {
            var decoded = codec.Decode(JsonSerializer.Deserialize<JsonElement>(node!.ToJsonString()));
            if (!decoded.IsEvent) throw new ArgumentException($"event {events.Count} of the trace: {decoded.Error}");
            events.Add(decoded.Envelope);
        }
        var regions = (root["regions"]?.AsArray() ?? []).Select(r => new RegionOrder(
            (string)r!["region"]!, r["order"]!.AsArray().Select(i => (int)i!).ToArray())).ToArray();
        if (regions.SelectMany(r => r.Order).Any(i => i < 0 || i >= events.Count))
            throw new ArgumentException("the trace's orders name events it does not hold");
        return new RunTrace((string?)root["scenario"] ?? "", (ulong?)root["seed"] ?? 0, (string?)root["engine"] ?? "", modules, events, regions);
    }
}

/// <summary>The order in which one region's log received the trace's events (indexes into its events).</summary>
public sealed record RegionOrder(string Region, IReadOnlyList<int> Order);
