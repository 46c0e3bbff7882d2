using System.Text.Json.Nodes;
using KsefPS.Core.Security;

namespace KsefPS.Core.Api.Auth;

/// <summary>
/// How KSeF says a subject authenticated: <c>authenticationMethodInfo {category, code, displayName}</c>. The older
/// <c>authenticationMethod</c> (QualifiedSeal, Token, …) was deprecated for removal on 2026-11-16 (UPDATES.md): it is
/// used for <see cref="Name"/> while KSeF still sends it, and nothing fails without it. Categories and codes KsefPS does
/// not know are kept as KSeF wrote them.
/// </summary>
public sealed record AuthenticationMethodInfo(string Category, string Code, string DisplayName, string? Legacy = null)
{
    // The codes of authenticationMethodInfo whose names the older enumeration gave (the OpenAPI example: xades.qualified-seal)
    private static readonly Dictionary<string, string> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        ["xades.qualified-seal"] = "QualifiedSeal",
        ["xades.qualified-signature"] = "QualifiedSignature",
        ["xades.ksef-certificate"] = "InternalCertificate",
        ["xades.personal-signature"] = "PersonalSignature",
        ["xades.peppol-signature"] = "PeppolSignature",
        ["token.ksef"] = "Token",
    };

    /// <summary>The method's name as KsefPS shows it: QualifiedSeal, InternalCertificate, Token…; for a method it cannot name, KSeF's display name.</summary>
    public string Name => Legacy is { Length: > 0 } legacy ? legacy
        : Names.TryGetValue(Code, out var name) ? name
        : Category == "Token" ? "Token"
        : DisplayName;

    public static AuthenticationMethodInfo From(JsonNode status)
    {
        var legacy = Text(status["authenticationMethod"]);
        if (status["authenticationMethodInfo"] is JsonObject info)
        {
            var code = Text(info["code"]) ?? "";
            return new AuthenticationMethodInfo(Text(info["category"]) ?? "Other", code, Text(info["displayName"]) ?? code, legacy);
        }
        // KSeF before 2.1.0 sent only the enumeration
        return new AuthenticationMethodInfo(legacy == "Token" ? "Token" : "Other", legacy ?? "", legacy ?? "", legacy);
    }

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? UntrustedText.Quote(text) : null;

    public override string ToString() => Name;
}
