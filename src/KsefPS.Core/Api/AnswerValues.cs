using System.Globalization;
using System.Text.Json.Nodes;

namespace KsefPS.Core.Api;

/// <summary>
/// Values read leniently from an answer of KSeF's: a missing value, or one of another JSON kind, is null rather than a
/// failure of the whole answer (UPDATES.md: answers grow, and a value the client does not know must still be read).
/// </summary>
internal static class AnswerValues
{
    /// <summary>The value at a path of property names; null where a step is missing or is not an object.</summary>
    public static JsonNode? At(JsonNode? node, params string[] path)
    {
        foreach (var name in path)
        {
            node = node is JsonObject item ? item[name] : null;
        }
        return node;
    }

    public static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    public static bool? Flag(JsonNode? node) => node is JsonValue value && value.TryGetValue<bool>(out var flag) ? flag : null;

    public static int? Number(JsonNode? node) => node is JsonValue value && value.TryGetValue<int>(out var number) ? number : null;

    public static long? LongNumber(JsonNode? node) => node is JsonValue value && value.TryGetValue<long>(out var number) ? number : null;

    public static decimal? Amount(JsonNode? node) => node is JsonValue value && value.TryGetValue<decimal>(out var amount) ? amount : null;

    /// <summary>
    /// A list; an empty one KSeF may leave out or send as null (the official Java client's tests read a null list of
    /// failed invoices from KSeF where the OpenAPI document requires one).
    /// </summary>
    public static IEnumerable<JsonNode> Items(JsonNode? node) => (node as JsonArray ?? []).OfType<JsonNode>();

    /// <summary>The objects of a list, passing over any entry that is not one (where a missing entry loses nothing).</summary>
    public static IEnumerable<JsonObject> Objects(JsonNode? node) => Items(node).OfType<JsonObject>();

    /// <summary>A date-time; one without an offset is UTC.</summary>
    public static DateTimeOffset? Date(JsonNode? node) =>
        DateTimeOffset.TryParse(Text(node), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date) ? date : null;
}
