using System.Text.Json;

namespace Convergence.Cluster.CouchDb;

/// <summary>
/// An opaque <c>_changes</c> sequence, kept exactly as the server sent it: CouchDB 3 sends strings
/// (<c>"5-g1AAA…"</c>), pouchdb-server numbers (<c>5</c>). Store it and send it back as <c>since</c>; never parse it.
/// </summary>
public readonly record struct ChangeSequence
{
    private readonly string? _rawJson;

    private ChangeSequence(string rawJson) => _rawJson = rawJson;

    /// <summary>The start of the feed (no <c>since</c>, i.e. <c>since=0</c>).</summary>
    public static ChangeSequence Start => default;

    /// <summary>The special value <c>since=now</c>: only changes after the request was made.</summary>
    public static ChangeSequence Now { get; } = new("\"now\"");

    /// <summary>True for <see cref="Start"/>.</summary>
    public bool IsStart => _rawJson is null;

    /// <summary>The raw JSON of the value (e.g. <c>5</c> or <c>"5-g1AAA"</c>); <c>0</c> for <see cref="Start"/>.</summary>
    public string RawJson => _rawJson ?? "0";

    /// <summary>Wraps a sequence taken from a server's JSON (a string or a number).</summary>
    public static ChangeSequence FromJson(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String or JsonValueKind.Number => new ChangeSequence(element.GetRawText()),
        // CouchDB 1.x/2.x clusters sent arrays; keep whatever came so it can be sent back.
        JsonValueKind.Array or JsonValueKind.Object => new ChangeSequence(element.GetRawText()),
        _ => Start,
    };

    /// <summary>Wraps a raw JSON text previously obtained from <see cref="RawJson"/> (e.g. a stored checkpoint).</summary>
    public static ChangeSequence FromRawJson(string rawJson)
    {
        using var document = JsonDocument.Parse(rawJson);
        return FromJson(document.RootElement);
    }

    /// <summary>The value for the <c>since</c> query parameter (strings unquoted, everything else as raw JSON).</summary>
    public string ToQueryValue()
    {
        if (_rawJson is null)
        {
            return "0";
        }

        if (_rawJson.StartsWith('"'))
        {
            return JsonSerializer.Deserialize<string>(_rawJson) ?? string.Empty;
        }

        return _rawJson;
    }

    /// <inheritdoc />
    public override string ToString() => RawJson;
}
