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
        var codec = new EventCodec(catalog);
        var root = new JsonObject
        {
            ["version"] = FormatVersion,
            ["scenario"] = Scenario,
            ["seed"] = Seed,
            ["engine"] = Engine,
            ["modules"] = new JsonArray(Modules.Select(m => (JsonNode)JsonValue.Create(m)!).ToArray()),
            ["events"] = new JsonArray(Events.Select(e => JsonNode.Parse(codec.EncodeToUtf8(e))).ToArray()),
            ["regions"] = new JsonArray(Regions.Select(r => (JsonNode)new JsonObject
            {
                ["region"] = r.Region,
                ["order"] = new JsonArray(r.Order.Select(i => (JsonNode)JsonValue.Create(i)).ToArray()),
            }).ToArray()),
        };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
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
