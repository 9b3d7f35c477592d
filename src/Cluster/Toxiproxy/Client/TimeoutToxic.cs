using System.Text.Json;

namespace Convergence.Cluster.Toxiproxy;

/// <summary>
/// Drops all data and closes the connection after <see cref="TimeoutMs"/> (0 = hold it open forever).
/// Removing the toxic closes the connections it held.
/// </summary>
public sealed class TimeoutToxic : Toxic
{
    public override string Type => "timeout";

    public long TimeoutMs { get; set; }

    internal override void WriteAttributes(Utf8JsonWriter writer) => writer.WriteNumber("timeout", TimeoutMs);

    internal override void ReadAttributes(JsonElement attributes) => TimeoutMs = JsonFields.GetInt64(attributes, "timeout");
}
