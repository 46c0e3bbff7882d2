using System.Text.Json.Nodes;
using KsefPS.Core.Security;

namespace KsefPS.Core.Api.Auth;

/// <summary>
/// How KSeF says a subject authenticated: <c>authenticationMethodInfo {category, code, displayName}</c> (UPDATES.md:
/// the older <c>authenticationMethod</c> was deprecated for removal on 2026-11-16 and is read only when the info is missing).
/// Categories and codes KsefPS does not know are kept as KSeF wrote them.
/// </summary>
public sealed record AuthenticationMethodInfo(string Category, string Code, string DisplayName)
{
    public static AuthenticationMethodInfo From(JsonNode status)
    {
        if (status["authenticationMethodInfo"] is JsonObject info)
        {
            var code = Text(info["code"]) ?? "";
            return new AuthenticationMethodInfo(Text(info["category"]) ?? "Other", code, Text(info["displayName"]) ?? code);
        }
        // KSeF before 2.1.0 sent only the enumeration
        var legacy = Text(status["authenticationMethod"]) ?? "";
        return new AuthenticationMethodInfo(legacy == "Token" ? "Token" : "Other", legacy, legacy);
    }

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? UntrustedText.Quote(text) : null;

    public override string ToString() => DisplayName;
}
