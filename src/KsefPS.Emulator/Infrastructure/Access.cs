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
            : (null, null, Errors.Unauthorized(http, "A valid access token is required."));

    public static (JsonObject? Claims, Identifier? Context, IResult? Refusal) Require(Jwt jwt, HttpContext http, params string[] anyOf)
    {
        if (AuthEndpoints.AccessClaims(jwt, http) is not { } claims)
        {
            return (null, null, Errors.Unauthorized(http, "A valid access token is required."));
        }
        var present = claims["per"]?.AsArray().Select(p => p?.GetValue<string>() ?? "").ToList() ?? [];
        if (!present.Contains("Owner") && !present.Intersect(anyOf).Any())
        {
            return (null, null, Errors.Forbidden(http, $"One of these permissions is required: {string.Join(", ", anyOf)}.", "missing-permissions",
                new JsonObject
                {
                    ["requiredAnyOfPermissions"] = new JsonArray(anyOf.Select(p => (JsonNode)JsonValue.Create(p)!).ToArray()),
                    ["presentPermissions"] = new JsonArray(present.Select(p => (JsonNode)JsonValue.Create(p)!).ToArray()),
                }));
        }
        return (claims, new Identifier(claims["cit"]!.GetValue<string>(), claims["civ"]!.GetValue<string>()), null);
    }
}
