using System.Globalization;
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
        // Every group, each value from 1 to ten times production's (TEST's own ceiling, as KSeF's validator answered the
        // official Java client: "'rateLimits.onlineSession.perHour' must be between 1 and 1200"), every error at once.
        var limits = new Dictionary<string, RateLimiter.Limits>();
        var problems = new List<string>();
        var given = request.GetObject("rateLimits");
        foreach (var (group, production) in RateLimiter.Production)
        {
            if (given?.GetObject(group) is not { } values)
            {
                problems.Add(ValidatorWords.NotEmpty($"rateLimits.{group}"));
                continue;
            }
            int Value(string name, int ceiling)
            {
                if (values.Property(name) is not JsonValue value || !value.TryGetValue<int>(out var number))
                {
                    problems.Add(ValidatorWords.NotEmpty($"rateLimits.{group}.{name}"));
                    return 0;
                }
                if (number < 1 || number > ceiling)
                {
                    problems.Add(ValidatorWords.Between($"rateLimits.{group}.{name}", 1, ceiling, number.ToString(CultureInfo.InvariantCulture)));
                }
                return number;
            }
            limits[group] = new RateLimiter.Limits(Value("perSecond", production.PerSecond * 10), Value("perMinute", production.PerMinute * 10),
                Value("perHour", production.PerHour * 10));
        }
        if (problems.Count > 0)
        {
            return Errors.InvalidInput(http, [.. problems]);
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
