using System.Text.Json;

namespace Convergence.Cluster.Toxiproxy;

/// <summary>Delays every chunk by <see cref="LatencyMs"/> ± <see cref="JitterMs"/>; stacked latency toxics add.</summary>
public sealed class LatencyToxic : Toxic
{
    public override string Type => "latency";

    public long LatencyMs { get; set; }

    public long JitterMs { get; set; }

    internal override void WriteAttributes(Utf8JsonWriter writer)
    {
        writer.WriteNumber("latency", LatencyMs);
        writer.WriteNumber("jitter", JitterMs);
    }

    internal override void ReadAttributes(JsonElement attributes)
    {
        LatencyMs = JsonFields.GetInt64(attributes, "latency");
        JitterMs = JsonFields.GetInt64(attributes, "jitter");
    }
}
