using System.Text.Json;

namespace Convergence.Cluster.Toxiproxy;

/// <summary>Writes proxies and toxics in Toxiproxy's JSON shapes.</summary>
internal static class ToxiproxyJson
{
    public static void WriteProxy(Utf8JsonWriter writer, ProxyInstance proxy)
    {
        writer.WriteStartObject();
        writer.WriteString("name", proxy.Name);
        writer.WriteString("listen", proxy.Listen);
        writer.WriteString("upstream", proxy.Upstream);
        writer.WriteBoolean("enabled", proxy.Enabled);
        writer.WritePropertyName("toxics");
        WriteToxics(writer, proxy.Toxics.Current.Toxics);
        writer.WriteEndObject();
    }

    /// <summary>Upstream toxics first, then downstream ones, each in the order added (Toxiproxy keeps a chain per direction).</summary>
    public static void WriteToxics(Utf8JsonWriter writer, IEnumerable<ToxicSpec> toxics)
    {
        writer.WriteStartArray();
        foreach (var toxic in toxics.OrderBy(t => t.Direction == ToxicDirection.UpStream ? 0 : 1))
        {
            WriteToxic(writer, toxic);
        }

        writer.WriteEndArray();
    }

    public static void WriteToxic(Utf8JsonWriter writer, ToxicSpec toxic)
    {
        writer.WriteStartObject();
        writer.WritePropertyName("attributes");
        writer.WriteStartObject();
        foreach (var attribute in toxic.Kind.AttributeNames())
        {
            writer.WriteNumber(attribute, toxic.Attributes.Get(attribute));
        }

        writer.WriteEndObject();
        writer.WriteString("name", toxic.Name);
        writer.WriteString("type", toxic.Kind.ToWireName());
        writer.WriteString("stream", toxic.Direction.ToWireName());
        writer.WriteNumber("toxicity", toxic.Toxicity);
        writer.WriteEndObject();
    }

    public static byte[] Serialize(Action<Utf8JsonWriter> write)
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return buffer.ToArray();
    }
}
