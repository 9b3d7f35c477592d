using System.Text.Json;

namespace Convergence.Cluster.Toxiproxy;

/// <summary>
/// Cuts chunks into pieces of <see cref="AverageSize"/> ± <see cref="SizeVariation"/> bytes with
/// <see cref="DelayMicroseconds"/> between them (Toxiproxy's "delay" here is in microseconds).
/// </summary>
public sealed class SlicerToxic : Toxic
{
    public override string Type => "slicer";

    public long AverageSize { get; set; }

    public long SizeVariation { get; set; }

    public long DelayMicroseconds { get; set; }

    internal override void WriteAttributes(Utf8JsonWriter writer)
    {
        writer.WriteNumber("average_size", AverageSize);
        writer.WriteNumber("size_variation", SizeVariation);
        writer.WriteNumber("delay", DelayMicroseconds);
    }

    internal override void ReadAttributes(JsonElement attributes)
    {
        AverageSize = JsonFields.GetInt64(attributes, "average_size");
        SizeVariation = JsonFields.GetInt64(attributes, "size_variation");
        DelayMicroseconds = JsonFields.GetInt64(attributes, "delay");
    }
}
