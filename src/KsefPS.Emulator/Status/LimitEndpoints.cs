using System.Text.Json.Nodes;
using KsefPS.Emulator.Certificates;
using KsefPS.Emulator.Infrastructure;

namespace KsefPS.Emulator.Status;

/// <summary>GET /v2/limits/context (session limits) and /v2/limits/subject (certificate limits) for the caller (limity/).</summary>
public sealed class LimitEndpoints(EmulatorOptions options, CertificateState certificates, Jwt jwt)
{
    public static void Map(WebApplication app)
    {
        var endpoints = ActivatorUtilities.CreateInstance<LimitEndpoints>(app.Services);
        app.MapGet("/v2/limits/context", endpoints.Context);
        app.MapGet("/v2/limits/subject", endpoints.Subject);
    }

    private IResult Context(HttpContext http)
    {
        var (_, _, refusal) = Access.Authenticated(jwt, http);
        if (refusal is not null)
        {
            return refusal;
        }
        JsonObject Session() => new()
        {
            ["maxInvoiceSizeInMB"] = options.MaxInvoiceSize / 1_000_000,
            ["maxInvoiceWithAttachmentSizeInMB"] = options.MaxInvoiceWithAttachmentSize / 1_000_000,
            ["maxInvoices"] = options.MaxInvoicesPerSession,
        };
        return Results.Json(new JsonObject { ["onlineSession"] = Session(), ["batchSession"] = Session() });
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
