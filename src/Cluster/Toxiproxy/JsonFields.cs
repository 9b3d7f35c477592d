using System.Text.Json;

namespace Convergence.Cluster.Toxiproxy;

/// <summary>Case-insensitive field lookup, because Toxiproxy (Go's decoder) accepts "Name" for "name".</summary>
internal static class JsonFields
{
    /// <summary>Finds a field by name, preferring an exact match like Go's encoding/json does.</summary>
    public static bool TryGet(JsonElement obj, string name, out JsonElement value)
    {
        if (obj.ValueKind != JsonValueKind.Object)
        {
            value = default;
            return false;
        }

        if (obj.TryGetProperty(name, out value))
        {
            return true;
        }

        foreach (var property in obj.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                value = property.Value;
                return true;
            }
        }

        value = default;
        return false;
    }

    public static string? GetString(JsonElement obj, string name) =>
        TryGet(obj, name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static long GetInt64(JsonElement obj, string name, long fallback = 0) =>
        TryGet(obj, name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number)
            ? number
            : fallback;
}
