using System.Text.Json;

namespace Convergence.Cluster.Toxiproxy;

/// <summary>Lets data pass but delays the close of the stream by <see cref="DelayMs"/>.</summary>
public sealed class SlowCloseToxic : Toxic
{
    public override string Type => "slow_close";

    public long DelayMs { get; set; }

    internal override void WriteAttributes(Utf8JsonWriter writer) => writer.WriteNumber("delay", DelayMs);

    internal override void ReadAttributes(JsonElement attributes) => DelayMs = JsonFields.GetInt64(attributes, "delay");
}
