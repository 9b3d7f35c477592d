using System.Text.Json;
using System.Text.Json.Serialization;
using Convergence.Domain.Events;
using Convergence.Domain.Identity;

namespace Convergence.Domain.Envelope;

/// <summary>Writes <see cref="ObservedEvents"/> as a JSON array of event ids.</summary>
internal sealed class ObservedEventsConverter : JsonConverter<ObservedEvents>
{
    public override ObservedEvents Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray) throw new JsonException("expected an array of event ids");
        var ids = new List<EventId>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.String) throw new JsonException("expected an event id string");
            ids.Add(new EventId(reader.GetString()!));
        }
        return new ObservedEvents(ids);
    }

    public override void Write(Utf8JsonWriter writer, ObservedEvents value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var id in value) writer.WriteStringValue(id.Value);
        writer.WriteEndArray();
    }
}
