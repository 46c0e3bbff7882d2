using System.Text.Json.Nodes;
using KsefPS.Core.Permissions;
using KsefPS.Core.Sessions;

namespace KsefPS.Core.Status;

/// <summary>
/// KSeF TEST only: the session's context's limits changed for a test (docs limity/, OpenAPI /testdata/limits and
/// /testdata/rate-limits): request rates per group, session sizes, and the subject's certificate limits. Refused
/// (TestOnly) anywhere but TEST.
/// </summary>
public static class KsefTestLimits
{
    /// <summary>Sets the rate limits of <paramref name="groups"/> (every group when empty); the other groups keep what is in force.</summary>
    public static async Task SetRateLimitsAsync(KsefSession session, IReadOnlyList<string> groups, int perSecond, int perMinute, int perHour,
        CancellationToken cancellation)
    {
        KsefTestData.RequireTest(session.Environment, session.ApiUrl);
        var current = (await session.SendAsync(HttpMethod.Get, "rate-limits", cancellation, idempotent: true).ConfigureAwait(false)) as JsonObject ?? [];
        var limits = new JsonObject();
        foreach (var (group, values) in current)
        {
            limits[group] = groups.Count == 0 || groups.Contains(group, StringComparer.OrdinalIgnoreCase)
                ? new JsonObject { ["perSecond"] = perSecond, ["perMinute"] = perMinute, ["perHour"] = perHour }
                : values?.DeepClone();
        }
        await session.SendAsync(HttpMethod.Post, "testdata/rate-limits", cancellation, new JsonObject { ["rateLimits"] = limits.DeepClone() }).ConfigureAwait(false);
        session.Pacer.Use(limits);
    }

    public static async Task UseProductionRateLimitsAsync(KsefSession session, CancellationToken cancellation)
    {
        KsefTestData.RequireTest(session.Environment, session.ApiUrl);
        await session.SendAsync(HttpMethod.Post, "testdata/rate-limits/production", cancellation).ConfigureAwait(false);
        session.Pacer.Forget(); // production's are what the pacer assumes until it asks
    }

    /// <summary>Sets the online or batch session limits; what is not given keeps the value in force.</summary>
    public static async Task SetSessionLimitsAsync(KsefSession session, bool batch, int? maxInvoices, int? maxInvoiceSizeInMB, int? maxInvoiceWithAttachmentSizeInMB,
        CancellationToken cancellation)
    {
        KsefTestData.RequireTest(session.Environment, session.ApiUrl);
        var (online, inBatch) = await KsefLimits.ContextAsync(session, cancellation).ConfigureAwait(false);
        SessionLimits? Changed(SessionLimits? current) => current is null ? null
            : new SessionLimits(maxInvoices ?? current.MaxInvoices, maxInvoiceSizeInMB ?? current.MaxInvoiceSizeInMB,
                maxInvoiceWithAttachmentSizeInMB ?? current.MaxInvoiceWithAttachmentSizeInMB);
        var request = new JsonObject
        {
            ["onlineSession"] = Json(batch ? online : Changed(online)),
            ["batchSession"] = Json(batch ? Changed(inBatch) : inBatch),
        };
        await session.SendAsync(HttpMethod.Post, "testdata/limits/context/session", cancellation, request).ConfigureAwait(false);
        Invoices.Sending.ContextSessionLimits.Forget(session);
    }

    /// <summary>
    /// Sets how many enrollments and active KSeF certificates the session's own subject may have (not its context: the
    /// limits are the subject's); what is not given keeps the value in force.
    /// </summary>
    public static async Task SetCertificateLimitsAsync(KsefSession session, int? maxEnrollments, int? maxCertificates, CancellationToken cancellation)
    {
        KsefTestData.RequireTest(session.Environment, session.ApiUrl);
        var request = new JsonObject();
        var subjectType = session.Subject.Split(':', 2)[0];
        if (subjectType is "Nip" or "Pesel" or "Fingerprint")
        {
            request["subjectIdentifierType"] = subjectType;
        }
        if (maxEnrollments is { } enrollments)
        {
            request["enrollment"] = new JsonObject { ["maxEnrollments"] = enrollments };
        }
        if (maxCertificates is { } certificates)
        {
            request["certificate"] = new JsonObject { ["maxCertificates"] = certificates };
        }
        await session.SendAsync(HttpMethod.Post, "testdata/limits/subject/certificate", cancellation, request).ConfigureAwait(false);
    }

    /// <summary>Back to the defaults: rate limits and session limits of the context, certificate limits of the subject.</summary>
    public static async Task ResetAsync(KsefSession session, CancellationToken cancellation)
    {
        KsefTestData.RequireTest(session.Environment, session.ApiUrl);
        await session.SendAsync(HttpMethod.Delete, "testdata/rate-limits", cancellation, idempotent: true).ConfigureAwait(false);
        await session.SendAsync(HttpMethod.Delete, "testdata/limits/context/session", cancellation, idempotent: true).ConfigureAwait(false);
        await session.SendAsync(HttpMethod.Delete, "testdata/limits/subject/certificate", cancellation, idempotent: true).ConfigureAwait(false);
        session.Pacer.Forget();
        Invoices.Sending.ContextSessionLimits.Forget(session);
    }

    private static JsonObject? Json(SessionLimits? limits) => limits is null ? null : new JsonObject
    {
        ["maxInvoices"] = limits.MaxInvoices,
        ["maxInvoiceSizeInMB"] = limits.MaxInvoiceSizeInMB,
        ["maxInvoiceWithAttachmentSizeInMB"] = limits.MaxInvoiceWithAttachmentSizeInMB,
    };
}
