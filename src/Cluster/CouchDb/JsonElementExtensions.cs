using System.Text.Json;

namespace Convergence.Cluster.CouchDb;

/// <summary>Small readers for CouchDB's loosely typed answers.</summary>
internal static class JsonElementExtensions
{
    public static string? GetStringOrNull(this JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static bool GetBooleanOrFalse(this JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.True;

    public static long? GetInt64OrNull(this JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number)
            ? number
            : null;

    /// <summary>A copy of the property that outlives its <see cref="JsonDocument"/>, or null when absent or JSON null.</summary>
    public static JsonElement? GetClonedOrNull(this JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined)
            ? value.Clone()
            : null;
}
