using System.Text.Json;

namespace Convergence.Cluster.Toxiproxy;

/// <summary>Forwards at most <see cref="Bytes"/> bytes per connection and direction, then closes the connection.</summary>
public sealed class LimitDataToxic : Toxic
{
    public override string Type => "limit_data";

    public long Bytes { get; set; }

    internal override void WriteAttributes(Utf8JsonWriter writer) => writer.WriteNumber("bytes", Bytes);

    internal override void ReadAttributes(JsonElement attributes) => Bytes = JsonFields.GetInt64(attributes, "bytes");
}
