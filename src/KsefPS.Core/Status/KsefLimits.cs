using System.Text.Json.Nodes;
using KsefPS.Core.Api;
using KsefPS.Core.Sessions;

namespace KsefPS.Core.Status;

/// <summary>Reads the limits in force for a session (limity/, BRIEF §10.1).</summary>
public static class KsefLimits
{
    public static async Task<KsefLimitReport> ReadAsync(KsefSession session, CancellationToken cancellation)
    {
        var (online, batch) = await ContextAsync(session, cancellation).ConfigureAwait(false);
        var subject = RequiredValues.Object(await session.SendAsync(HttpMethod.Get, "limits/subject", cancellation, idempotent: true).ConfigureAwait(false));
        var rates = RequiredValues.Object(await session.SendAsync(HttpMethod.Get, "rate-limits", cancellation, idempotent: true).ConfigureAwait(false));
        return new KsefLimitReport(
            session.Context.ToString(),
            online,
            batch,
            AnswerValues.Number(AnswerValues.At(subject, "enrollment", "maxEnrollments")),
            AnswerValues.Number(AnswerValues.At(subject, "certificate", "maxCertificates")),
            ReadableList.From(rates.AsObject().Where(group => group.Value is JsonObject)
                .Select(group => new RateLimitValues(Security.UntrustedText.Quote(group.Key), AnswerValues.Number(group.Value!["perSecond"]) ?? 0,
                    AnswerValues.Number(group.Value["perMinute"]) ?? 0, AnswerValues.Number(group.Value["perHour"]) ?? 0))
                .OrderBy(group => group.Group, StringComparer.Ordinal)));
    }

    /// <summary>The session limits of the session's context (GET /limits/context), online and batch.</summary>
    public static async Task<(SessionLimits? Online, SessionLimits? Batch)> ContextAsync(KsefSession session, CancellationToken cancellation)
    {
        var context = await session.SendAsync(HttpMethod.Get, "limits/context", cancellation, idempotent: true).ConfigureAwait(false);
        return (Session(context?["onlineSession"]), Session(context?["batchSession"]));
    }

    private static SessionLimits? Session(JsonNode? node) => node is null ? null
        : new SessionLimits(AnswerValues.Number(node["maxInvoices"]) ?? 0, AnswerValues.Number(node["maxInvoiceSizeInMB"]) ?? 0, AnswerValues.Number(node["maxInvoiceWithAttachmentSizeInMB"]) ?? 0);

}
