using System.Text.Json;

namespace Convergence.Cluster.Toxiproxy;

/// <summary>Limits a connection's direction to <see cref="RateKBps"/> kilobytes (1000 bytes) per second; must be above 0.</summary>
public sealed class BandwidthToxic : Toxic
{
    public override string Type => "bandwidth";

    public long RateKBps { get; set; }

    internal override void WriteAttributes(Utf8JsonWriter writer) => writer.WriteNumber("rate", RateKBps);

    internal override void ReadAttributes(JsonElement attributes) => RateKBps = JsonFields.GetInt64(attributes, "rate");
}
