using System.Text.Json.Nodes;
using KsefPS.Emulator.Certificates;
using KsefPS.Emulator.Infrastructure;

namespace KsefPS.Emulator.Status;

/// <summary>
/// GET /v2/limits/context (session limits) and /v2/limits/subject (certificate limits) for the caller (limity/), and TEST's
/// POST/DELETE /v2/testdata/limits/context/session to change the caller's context's session limits.
/// </summary>
public sealed class LimitEndpoints(SessionLimits sessionLimits, CertificateState certificates, Jwt jwt)
{
    public static void Map(WebApplication app)
    {
        var endpoints = ActivatorUtilities.CreateInstance<LimitEndpoints>(app.Services);
        app.MapGet("/v2/limits/context", endpoints.Context);
        app.MapGet("/v2/limits/subject", endpoints.Subject);
        app.MapPost("/v2/testdata/limits/context/session", endpoints.SetSessionLimits);
        app.MapDelete("/v2/testdata/limits/context/session", endpoints.ResetSessionLimits);
    }

    private IResult Context(HttpContext http)
    {
        var (_, context, refusal) = Access.Authenticated(jwt, http);
        if (refusal is not null)
        {
            return refusal;
        }
        JsonObject Session(SessionLimitSet limits) => new()
        {
            ["maxInvoiceSizeInMB"] = limits.MaxInvoiceSize / 1_000_000,
            ["maxInvoiceWithAttachmentSizeInMB"] = limits.MaxInvoiceWithAttachmentSize / 1_000_000,
            ["maxInvoices"] = limits.MaxInvoices,
        };
        return Results.Json(new JsonObject
        {
            ["onlineSession"] = Session(sessionLimits.For(context!, batch: false)),
            ["batchSession"] = Session(sessionLimits.For(context!, batch: true)),
        });
    }

    /// <summary>{onlineSession, batchSession}: {maxInvoices ≤ 100,000, maxInvoiceSizeInMB ≤ 5, maxInvoiceWithAttachmentSizeInMB ≤ 10} each.</summary>
    private IResult SetSessionLimits(HttpContext http, JsonObject request)
    {
        var (_, context, refusal) = Access.Authenticated(jwt, http);
        if (refusal is not null)
        {
            return refusal;
        }
        SessionLimitSet? Read(string name)
        {
            var given = request.GetObject(name);
            int? Value(string property, int maximum) => given?.Property(property) is JsonValue v && v.TryGetValue<int>(out var n) && n >= 0 && n <= maximum ? n : null;
            return Value("maxInvoices", 100_000) is { } invoices && Value("maxInvoiceSizeInMB", 5) is { } size && Value("maxInvoiceWithAttachmentSizeInMB", 10) is { } attached
                ? new SessionLimitSet(invoices, size * 1_000_000, attached * 1_000_000)
                : null;
        }
        if (Read("onlineSession") is not { } online || Read("batchSession") is not { } batch)
        {
            return Errors.InvalidInput(http,
                "onlineSession and batchSession need maxInvoices (0–100000), maxInvoiceSizeInMB (0–5) and maxInvoiceWithAttachmentSizeInMB (0–10).");
        }
        sessionLimits.Set(context!, online, batch);
        return Results.Ok();
    }

    private IResult ResetSessionLimits(HttpContext http)
    {
        var (_, context, refusal) = Access.Authenticated(jwt, http);
        if (refusal is not null)
        {
            return refusal;
        }
        sessionLimits.Reset(context!);
        return Results.Ok();
    }

    private IResult Subject(HttpContext http)
    {
        var (claims, _, refusal) = Access.Authenticated(jwt, http);
        if (refusal is not null)
        {
            return refusal;
        }
        var (enrollments, issued) = certificates.LimitsFor(Access.Subject(claims!));
        return Results.Json(new JsonObject
        {
            ["enrollment"] = new JsonObject { ["maxEnrollments"] = enrollments },
            ["certificate"] = new JsonObject { ["maxCertificates"] = issued },
        });
    }
}
