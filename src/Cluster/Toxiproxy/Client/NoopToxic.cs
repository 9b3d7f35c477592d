using System.Text.Json;

namespace Convergence.Cluster.Toxiproxy;

/// <summary>Passes everything unchanged (useful to test toxic management itself).</summary>
public sealed class NoopToxic : Toxic
{
    public override string Type => "noop";

    internal override void WriteAttributes(Utf8JsonWriter writer)
    {
    }

    internal override void ReadAttributes(JsonElement attributes)
    {
    }
}
