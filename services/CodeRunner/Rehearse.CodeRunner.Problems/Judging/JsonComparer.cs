using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Rehearse.CodeRunner.Problems.Catalog;

namespace Rehearse.CodeRunner.Problems.Judging;

/// <summary>
/// Compares a returned JSON value with the expected one: numbers within 1e-6 (absolute or relative, so 2 equals
/// 2.0 and float results survive rounding), arrays in order or, by the problem's rule, in any order.
/// </summary>
public static class JsonComparer
{
    private const double Tolerance = 1e-6;

    /// <summary>Whether <paramref name="actual"/> matches <paramref name="expected"/> under <paramref name="comparison"/>.</summary>
    public static bool Matches(JsonNode? expected, JsonNode? actual, ResultComparison comparison) => comparison switch
    {
        ResultComparison.Unordered => SortedTop(expected) is var e && SortedTop(actual) is var a && Equal(e, a),
        ResultComparison.UnorderedNested => Equal(SortedDeep(expected), SortedDeep(actual)),
        _ => Equal(expected, actual),
    };

    private static bool Equal(JsonNode? x, JsonNode? y)
    {
        switch (x, y)
        {
            case (null, null):
                return true;
            case (JsonArray a, JsonArray b):
                return a.Count == b.Count && a.Zip(b).All(p => Equal(p.First, p.Second));
            case (JsonObject a, JsonObject b):
                return a.Count == b.Count && a.All(p => b.TryGetPropertyValue(p.Key, out var other) && Equal(p.Value, other));
            case (JsonValue a, JsonValue b) when a.GetValueKind() == JsonValueKind.Number && b.GetValueKind() == JsonValueKind.Number:
                var u = a.GetValue<double>();
                var v = b.GetValue<double>();
                return Math.Abs(u - v) <= Tolerance * Math.Max(1, Math.Max(Math.Abs(u), Math.Abs(v)));
            case (JsonValue a, JsonValue b):
                return a.GetValueKind() == b.GetValueKind() && JsonNode.DeepEquals(a, b);
            default:
                return false;
        }
    }

    private static JsonNode? SortedTop(JsonNode? node) =>
        node is JsonArray array ? new JsonArray([.. array.Select(n => n?.DeepClone()).OrderBy(Key, StringComparer.Ordinal)]) : node;

    private static JsonNode? SortedDeep(JsonNode? node) => node switch
    {
        JsonArray array => new JsonArray([.. array.Select(SortedDeep).OrderBy(Key, StringComparer.Ordinal)]),
        JsonObject obj => new JsonObject(obj.Select(p => KeyValuePair.Create(p.Key, SortedDeep(p.Value)))),
        _ => node?.DeepClone(),
    };

    // A sort key that orders equal values together: numbers by their double value, so 1 and 1.0 sort alike.
    private static string Key(JsonNode? node) => node switch
    {
        null => "null",
        JsonValue value when value.GetValueKind() == JsonValueKind.Number => value.GetValue<double>().ToString("R", CultureInfo.InvariantCulture),
        JsonArray array => "[" + string.Join(",", array.Select(Key)) + "]",
        JsonObject obj => "{" + string.Join(",", obj.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + ":" + Key(p.Value))) + "}",
        _ => node.ToJsonString(),
    };
}
