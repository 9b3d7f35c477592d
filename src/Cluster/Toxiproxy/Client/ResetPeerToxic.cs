using System.Text.Json;

namespace Convergence.Cluster.Toxiproxy;

/// <summary>On the first data, waits <see cref="TimeoutMs"/> and then resets the connection (TCP RST).</summary>
public sealed class ResetPeerToxic : Toxic
{
    public override string Type => "reset_peer";

    public long TimeoutMs { get; set; }

    internal override void WriteAttributes(Utf8JsonWriter writer) => writer.WriteNumber("timeout", TimeoutMs);

    internal override void ReadAttributes(JsonElement attributes) => TimeoutMs = JsonFields.GetInt64(attributes, "timeout");
}
