using System.Text.Json.Nodes;

namespace KsefPS.Emulator.Infrastructure;

/// <summary>Case-insensitive reads of request JSON: the official client sends PascalCase names (BRIEF §0).</summary>
public static class JsonExtensions
{
    public static JsonNode? Property(this JsonObject json, string name) =>
        json.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    public static string? Get(this JsonObject json, string name) =>
        json.Property(name) is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    public static JsonObject? GetObject(this JsonObject json, string name) => json.Property(name) as JsonObject;

    public static JsonArray? GetArray(this JsonObject json, string name) => json.Property(name) as JsonArray;

    /// <summary>A list of texts; an entry that is not text reads as "", which the endpoint's own checks then refuse.</summary>
    public static List<string> GetStrings(this JsonObject json, string name) =>
        json.GetArray(name)?.Select(entry => entry is JsonValue value && value.TryGetValue<string>(out var text) ? text : "").ToList() ?? [];

    public static int? GetNumber(this JsonObject json, string name) =>
        json.Property(name) is JsonValue value && value.TryGetValue<int>(out var number) ? number : null;
}
