using System.Text.Json;

namespace Convergence.Cluster.Toxiproxy;

/// <summary>Maps typed client toxics to and from Toxiproxy's JSON.</summary>
internal static class ToxicJson
{
    public static void Write(Utf8JsonWriter writer, Toxic toxic, bool includeIdentity = true)
    {
        writer.WriteStartObject();
        if (includeIdentity)
        {
            if (toxic.Name is not null)
            {
                writer.WriteString("name", toxic.Name);
            }

            writer.WriteString("type", toxic.Type);
            writer.WriteString("stream", toxic.Stream.ToWireName());
        }

        writer.WriteNumber("toxicity", toxic.Toxicity);
        writer.WritePropertyName("attributes");
        writer.WriteStartObject();
        toxic.WriteAttributes(writer);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    public static Toxic Read(JsonElement element)
    {
        var type = JsonFields.GetString(element, "type") ?? "";
        Toxic toxic = type switch
        {
            "latency" => new LatencyToxic(),
            "bandwidth" => new BandwidthToxic(),
            "timeout" => new TimeoutToxic(),
            "reset_peer" => new ResetPeerToxic(),
            "slow_close" => new SlowCloseToxic(),
            "slicer" => new SlicerToxic(),
            "limit_data" => new LimitDataToxic(),
            "noop" => new NoopToxic(),
            _ => new UnknownToxic(type),
        };

        toxic.Name = JsonFields.GetString(element, "name");
        toxic.Stream = ToxicDirectionNames.TryParse(JsonFields.GetString(element, "stream"), out var direction)
            ? direction
            : ToxicDirection.DownStream;
        toxic.Toxicity = JsonFields.TryGet(element, "toxicity", out var toxicity) && toxicity.ValueKind == JsonValueKind.Number
            ? toxicity.GetDouble()
            : 1.0;
        if (JsonFields.TryGet(element, "attributes", out var attributes) && attributes.ValueKind == JsonValueKind.Object)
        {
            toxic.ReadAttributes(attributes);
        }

        return toxic;
    }
}
