using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rehearse.Interview.Infrastructure;

/// <summary>The JSON form of the interviewer records kept in jsonb columns (enums by name, camelCase).</summary>
internal static class StoreJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new InvalidDataException($"Stored {typeof(T).Name} is null.");
}
