using System.Text.Json.Nodes;
using KsefPS.Emulator.Auth;

namespace KsefPS.Emulator.Infrastructure;

/// <summary>
/// GET /v2/rate-limits (the thresholds in force), TEST's /v2/testdata/rate-limits to change them (BRIEF §10.1), and
/// /emulator/rate-limits: requests admitted and refused per group.
/// </summary>
public sealed class RateLimitEndpoints(RateLimiter limiter, Jwt jwt)
{
    public static void Map(WebApplication app)
    {
        var endpoints = ActivatorUtilities.CreateInstance<RateLimitEndpoints>(app.Services);
        app.MapGet("/v2/rate-limits", endpoints.EffectiveLimits);
        app.MapPost("/v2/testdata/rate-limits", endpoints.SetTestLimits);
        app.MapPost("/v2/testdata/rate-limits/production", endpoints.SetProductionLimits);
        app.MapDelete("/v2/testdata/rate-limits", endpoints.ResetLimits);
        app.MapGet("/emulator/rate-limits", endpoints.Counts);
    }

    private IResult EffectiveLimits(HttpContext http) =>
        AuthEndpoints.AccessClaims(jwt, http) is not { } claims
                ? Errors.Unauthorized(http)
                : Results.Json(limiter.Effective(RateLimiter.ContextOf(claims)));

    /// <summary>{rateLimits: {group: {perSecond, perMinute, perHour}} for every group}: the caller's context's thresholds.</summary>
    private IResult SetTestLimits(HttpContext http, JsonObject request)
    {
        if (AuthEndpoints.AccessClaims(jwt, http) is not { } claims)
        {
            return Errors.Unauthorized(http);
        }
        var limits = new Dictionary<string, RateLimiter.Limits>();
        var given = request.GetObject("rateLimits");
        foreach (var group in RateLimiter.Production.Keys)
        {
            var values = given?.GetObject(group);
            int? Value(string name) => values?.Property(name) is JsonValue v && v.TryGetValue<int>(out var n) && n > 0 ? n : null;
            if (Value("perSecond") is not { } second || Value("perMinute") is not { } minute || Value("perHour") is not { } hour)
            {
                return Errors.InvalidInput(http, $"rateLimits.{group} needs positive perSecond, perMinute and perHour.");
            }
            limits[group] = new RateLimiter.Limits(second, minute, hour);
        }
        limiter.Set(RateLimiter.ContextOf(claims), limits);
        return Results.Ok();
    }

    private IResult SetProductionLimits(HttpContext http) => SetFor(http, RateLimiter.Production);

    private IResult ResetLimits(HttpContext http) => SetFor(http, null);

    private IResult SetFor(HttpContext http, IReadOnlyDictionary<string, RateLimiter.Limits>? limits)
    {
        if (AuthEndpoints.AccessClaims(jwt, http) is not { } claims)
        {
            return Errors.Unauthorized(http);
        }
        limiter.Set(RateLimiter.ContextOf(claims), limits);
        return Results.Ok();
    }

    private IResult Counts() =>
        Results.Json(limiter.Counts());
}
