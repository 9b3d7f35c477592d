using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Convergence.Domain.Envelope;

/// <summary>
/// Writes id types such as <c>PostId("p1")</c> as the plain JSON string <c>"p1"</c>: any value
/// type with a public constructor taking one string named <c>value</c> and a <c>Value</c> property.
/// Modules' own id types get the same form without registering anything.
/// </summary>
internal sealed class StringValueConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) =>
        typeToConvert.IsValueType && FindConstructor(typeToConvert) is not null &&
        typeToConvert.GetProperty("Value")?.PropertyType == typeof(string);

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(Converter<>).MakeGenericType(typeToConvert))!;

    private static ConstructorInfo? FindConstructor(Type type) =>
        type.GetConstructor([typeof(string)]) is { } ctor &&
        string.Equals(ctor.GetParameters()[0].Name, "value", StringComparison.OrdinalIgnoreCase)
            ? ctor
            : null;

    private sealed class Converter<T> : JsonConverter<T> where T : struct
    {
        private readonly ConstructorInfo _ctor = FindConstructor(typeof(T))!;
        private readonly PropertyInfo _value = typeof(T).GetProperty("Value")!;

        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.String)
                throw new JsonException($"expected a string for {typeof(T).Name}");
            var text = reader.GetString();
            if (string.IsNullOrEmpty(text)) throw new JsonException($"empty {typeof(T).Name}");
            return (T)_ctor.Invoke([text]);
        }

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
            writer.WriteStringValue((string?)_value.GetValue(value));
    }
}
