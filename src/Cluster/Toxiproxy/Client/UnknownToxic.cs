using System.Text.Json;

namespace Convergence.Cluster.Toxiproxy;

/// <summary>A toxic of a type this client does not model (a newer server); its attributes are kept verbatim.</summary>
public sealed class UnknownToxic : Toxic
{
    public UnknownToxic(string type) => Type = type;

    public override string Type { get; }

    public JsonElement Attributes { get; private set; }

    internal override void WriteAttributes(Utf8JsonWriter writer)
    {
        if (Attributes.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        foreach (var property in Attributes.EnumerateObject())
        {
            property.WriteTo(writer);
        }
    }

    internal override void ReadAttributes(JsonElement attributes) => Attributes = attributes.Clone();
}
