using System.Globalization;
using System.Text;
using System.Text.Json;
using Convergence.Domain.Clock;
using Convergence.Domain.Identity;
using Convergence.Domain.Modules;

namespace Convergence.Domain.Envelope;

/// <summary>
/// Converts envelopes to and from their CouchDB document form:
/// <code>{"_id":"eu-7","type":"v1.PostCreated","origin":"eu","hlc":{"wallMs":1700000000000,"counter":0},
///  "appendedAt":"2026-11-30T12:00:00.000+00:00","payload":{"post":"p-eu-1",...}}</code>
/// Unknown top-level fields (such as <c>_rev</c>) are ignored. Reading never throws for bad input:
/// it returns an <see cref="EventDocumentError"/> so the caller can skip and count the document.
/// </summary>
public sealed class EventCodec
{
    private readonly DomainCatalog _catalog;
    private readonly JsonSerializerOptions _options;

    public EventCodec(DomainCatalog catalog)
    {
        _catalog = catalog;
        _options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
            Converters = { new StringValueConverterFactory(), new ObservedEventsConverter() },
        };
    }

    public string Encode(EventEnvelope envelope) => Encoding.UTF8.GetString(EncodeToUtf8(envelope));

    public byte[] EncodeToUtf8(EventEnvelope envelope)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("_id", envelope.Id.Value);
            writer.WriteString("type", _catalog.WireNameOf(envelope.Payload.GetType()));
            writer.WriteString("origin", envelope.Origin.Value);
            writer.WriteStartObject("hlc");
            writer.WriteNumber("wallMs", envelope.Timestamp.WallMs);
            writer.WriteNumber("counter", envelope.Timestamp.Counter);
            writer.WriteEndObject();
            writer.WriteString("appendedAt", envelope.AppendedAt.ToString("O", CultureInfo.InvariantCulture));
            writer.WritePropertyName("payload");
            JsonSerializer.Serialize(writer, envelope.Payload, envelope.Payload.GetType(), _options);
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    public EventDecodeResult Decode(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            return EventDecodeResult.Fail(EventDocumentErrorKind.BadJson, null, e.Message);
        }
        using (document) return Decode(document.RootElement);
    }

    public EventDecodeResult Decode(JsonElement document)
    {
        if (document.ValueKind != JsonValueKind.Object)
            return EventDecodeResult.Fail(EventDocumentErrorKind.BadJson, null, $"expected an object, found {document.ValueKind}");

        var id = document.TryGetProperty("_id", out var idElement) && idElement.ValueKind == JsonValueKind.String
            ? idElement.GetString()
            : null;
        if (string.IsNullOrEmpty(id)) return Missing(null, "_id");
        if (id.StartsWith("_design/", StringComparison.Ordinal) || id.StartsWith("_local/", StringComparison.Ordinal))
            return EventDecodeResult.Fail(EventDocumentErrorKind.NotAnEvent, id, "design or local document");

        if (!TryString(document, "type", out var type)) return Missing(id, "type");
        if (!_catalog.TryGetEventType(type, out var clrType))
            return EventDecodeResult.Fail(EventDocumentErrorKind.UnknownType, id, $"unknown event type '{type}'");
        if (!TryString(document, "origin", out var origin)) return Missing(id, "origin");
        if (!document.TryGetProperty("hlc", out var hlc) || hlc.ValueKind != JsonValueKind.Object) return Missing(id, "hlc");
        if (!hlc.TryGetProperty("wallMs", out var wall) || !wall.TryGetInt64(out var wallMs)) return Missing(id, "hlc.wallMs");
        if (!hlc.TryGetProperty("counter", out var counterElement) || !counterElement.TryGetInt32(out var counter))
            return Missing(id, "hlc.counter");
        if (!TryString(document, "appendedAt", out var appendedText)) return Missing(id, "appendedAt");
        if (!DateTimeOffset.TryParse(appendedText, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var appendedAt))
            return EventDecodeResult.Fail(EventDocumentErrorKind.InvalidPayload, id, $"appendedAt '{appendedText}' is not a timestamp");
        if (!document.TryGetProperty("payload", out var payloadElement) || payloadElement.ValueKind == JsonValueKind.Null)
            return Missing(id, "payload");

        try
        {
            if (payloadElement.Deserialize(clrType, _options) is not Events.DomainEvent payload)
                return Missing(id, "payload");
            return EventDecodeResult.Ok(new EventEnvelope(
                new EventId(id), new RegionId(origin), new HybridTimestamp(wallMs, counter), appendedAt, payload));
        }
        catch (JsonException e) when (e.Message.Contains("missing required", StringComparison.OrdinalIgnoreCase) ||
                                      e.Message.Contains("null", StringComparison.OrdinalIgnoreCase))
        {
            return EventDecodeResult.Fail(EventDocumentErrorKind.MissingField, id, e.Message);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException or FormatException)
        {
            return EventDecodeResult.Fail(EventDocumentErrorKind.InvalidPayload, id, e.Message);
        }
    }

    private static EventDecodeResult Missing(string? id, string field) =>
        EventDecodeResult.Fail(EventDocumentErrorKind.MissingField, id, $"missing required field '{field}'");

    private static bool TryString(JsonElement document, string name, out string value)
    {
        value = document.TryGetProperty(name, out var element) && element.ValueKind == JsonValueKind.String
            ? element.GetString() ?? ""
            : "";
        return value.Length > 0;
    }
}
