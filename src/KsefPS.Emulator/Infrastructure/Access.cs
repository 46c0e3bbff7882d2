using System.Text.Json.Nodes;
using KsefPS.Emulator.Auth;

namespace KsefPS.Emulator.Infrastructure;

/// <summary>
/// Who is calling: the access token's claims and context, when the token is valid (401 otherwise) and, where an endpoint
/// names permissions, carries one of them (403 otherwise; BRIEF §7.2, §8). One check for every endpoint behind a token.
/// </summary>
public static class Access
{
    public static (JsonObject? Claims, Identifier? Context, IResult? Refusal) Authenticated(Jwt jwt, HttpContext http) =>
        AuthEndpoints.AccessClaims(jwt, http) is { } claims
            ? (claims, new Identifier(claims["cit"]!.GetValue<string>(), claims["civ"]!.GetValue<string>()), null)
            : (null, null, Errors.Unauthorized(http));

    public static (JsonObject? Claims, Identifier? Context, IResult? Refusal) Require(Jwt jwt, HttpContext http, params string[] anyOf)
    {
        if (AuthEndpoints.AccessClaims(jwt, http) is not { } claims)
        {
            return (null, null, Errors.Unauthorized(http));
        }
        if (!Holds(claims, anyOf))
        {
            return (null, null, MissingPermissions(http, claims, anyOf));
        }
        return (claims, new Identifier(claims["cit"]!.GetValue<string>(), claims["civ"]!.GetValue<string>()), null);
    }

    /// <summary>The permissions the access token carries (its per claim: a JSON array as text).</summary>
    public static IReadOnlyList<string> Permissions(JsonObject claims) =>
        claims["per"] is JsonValue text && JsonNode.Parse(text.GetValue<string>()) is JsonArray permissions
            ? permissions.Select(p => p?.GetValue<string>() ?? "").ToList()
            : [];

    /// <summary>Whether the token's holder is the owner or holds one of <paramref name="anyOf"/>.</summary>
    public static bool Holds(JsonObject claims, params string[] anyOf)
    {
        var present = Permissions(claims);
        return present.Contains("Owner") || present.Intersect(anyOf).Any();
    }

    /// <summary>Who the access token was issued to (its sud claim).</summary>
    public static Identifier Subject(JsonObject claims)
    {
        var identifier = JsonNode.Parse(claims["sud"]!.GetValue<string>())!["SubjectIdentifier"]!;
        return new Identifier(identifier["Type"]!.GetValue<string>(), identifier["Value"]!.GetValue<string>());
    }

    /// <summary>The sud claim of a token for <paramref name="subject"/>: KSeF's subject details, JSON as text.</summary>
    public static string SubjectDetails(Identifier subject) =>
        new JsonObject { ["SubjectIdentifier"] = new JsonObject { ["Type"] = subject.Type, ["Value"] = subject.Value } }.ToJsonString();

    /// <summary>
    /// 403 missing-permissions naming what was needed and what the token has (BRIEF §10.2), in KSeF's words (the official
    /// Java client's test reads them).
    /// </summary>
    public static IResult MissingPermissions(HttpContext http, JsonObject claims, IReadOnlyList<string> anyOf) =>
        Errors.Forbidden(http, "Brak wymaganych uprawnień do wykonania operacji w bieżącym kontekście.", "missing-permissions", new JsonObject
        {
            ["requiredAnyOfPermissions"] = new JsonArray(anyOf.Select(p => (JsonNode)JsonValue.Create(p)!).ToArray()),
            ["presentPermissions"] = new JsonArray(Permissions(claims).Select(p => (JsonNode)JsonValue.Create(p)!).ToArray()),
        });
}
