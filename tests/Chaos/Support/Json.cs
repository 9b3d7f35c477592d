using System.Text.Json;

namespace Convergence.Chaos.Tests.Support;

/// <summary>Small JSON documents for tests.</summary>
public static class Json
{
    public static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    public static JsonElement Event(string id, int value) => Parse($$"""{"_id":"{{id}}","type":"test","value":{{value}}}""");
}
