using System.Text.Json;

namespace Convergence.Cluster.Toxiproxy;

/// <summary>A toxic as the Toxiproxy API describes it: name, direction, toxicity and type-specific attributes.</summary>
public abstract class Toxic
{
    /// <summary>Unique per proxy across both directions; null lets the server name it <c>&lt;type&gt;_&lt;stream&gt;</c>.</summary>
    public string? Name { get; set; }

    /// <summary>Toxiproxy's wire name of the type, e.g. <c>latency</c>.</summary>
    public abstract string Type { get; }

    public ToxicDirection Stream { get; set; } = ToxicDirection.DownStream;

    /// <summary>Probability (0 to 1) that the toxic acts on a given connection and direction; rolled once per connection.</summary>
    public double Toxicity { get; set; } = 1.0;

    internal abstract void WriteAttributes(Utf8JsonWriter writer);

    internal abstract void ReadAttributes(JsonElement attributes);
}
