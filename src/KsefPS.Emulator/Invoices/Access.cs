using System.Text.Json.Nodes;
using KsefPS.Emulator.Auth;
using KsefPS.Emulator.Infrastructure;

namespace KsefPS.Emulator.Invoices;

/// <summary>The access token's context, when it carries one of the permissions an endpoint needs (BRIEF §7.2, §8).</summary>
public static class Access
{
    public static (JsonObject? Claims, Identifier? Context, IResult? Refusal) Require(Jwt jwt, HttpContext http, params string[] anyOf)
    {
        if (AuthEndpoints.AccessClaims(jwt, http) is not { } claims)
        {
            return (null, null, Errors.Unauthorized(http, "A valid access token is required."));
        }
        var present = claims["per"]?.AsArray().Select(p => p?.GetValue<string>() ?? "").ToList() ?? [];
        if (!present.Contains("Owner") && !present.Intersect(anyOf).Any())
        {
            return (null, null, Errors.Forbidden(http, $"One of these permissions is required: {string.Join(", ", anyOf)}.", "missing-permissions"));
        }
        return (claims, new Identifier(claims["cit"]!.GetValue<string>(), claims["civ"]!.GetValue<string>()), null);
    }
}
