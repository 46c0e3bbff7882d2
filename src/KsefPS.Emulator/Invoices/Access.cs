using System.Text.Json.Nodes;
using KsefPS.Emulator.Auth;
using KsefPS.Emulator.Infrastructure;
using KsefPS.Emulator.Security;

namespace KsefPS.Emulator.Invoices;

/// <summary>
/// The access token's context, when it carries one of the permissions an endpoint needs (BRIEF §7.2, §8), and the
/// refusals the invoice endpoints share.
/// </summary>
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

    /// <summary>21470 when the client encrypted its key for a public key that is not (any longer) the current one.</summary>
    public static IResult? RefuseUnknownKey(HttpContext http, MfCertificates mf, string? publicKeyId) =>
        mf.IsCurrentSymmetricKey(publicKeyId) ? null
            : Errors.BadRequest(http, 21470, "Nieprawidłowy identyfikator klucza publicznego.", $"Unknown publicKeyId '{publicKeyId}'.");

    /// <summary>21183 when a query restricted to the high-water mark starts after it.</summary>
    internal static IResult? RefuseBeyondHighWaterMark(HttpContext http, QueryFilter filter, DateTimeOffset hwm) =>
        filter.RestrictToHwm && filter.From > hwm
            ? Errors.BadRequest(http, 21183, "Początek zakresu dat jest późniejszy niż data HWM.", $"from {filter.From:O} is after the HWM {hwm:O}.")
            : null;
}
