using System.Text.RegularExpressions;

namespace KsefPS.Core.Status;

/// <summary>
/// KSeF's rate-limit groups (BRIEF §10.1, docs limity/limity-api.md) with production's default thresholds, and which
/// group a protected route falls in. KSeF counts per (context, client IP) in sliding windows of 1 s, 60 s and 60 min.
/// </summary>
public sealed record RateLimitGroup(string Name, int PerSecond, int PerMinute, int PerHour)
{
    public static readonly RateLimitGroup OnlineSession = new("onlineSession", 10, 30, 120);
    public static readonly RateLimitGroup InvoiceSend = new("invoiceSend", 10, 30, 180);
    public static readonly RateLimitGroup BatchSession = new("batchSession", 10, 20, 60);
    // API 2.8 counts closing a session in a group of its own, at twice the opening limits (UPDATES.md); before it, and
    // wherever GET /rate-limits does not name the group, a close counts in the opening group.
    public static readonly RateLimitGroup OnlineSessionClose = new("onlineSessionClose", 20, 60, 240) { UntilReported = OnlineSession };
    public static readonly RateLimitGroup BatchSessionClose = new("batchSessionClose", 20, 40, 120) { UntilReported = BatchSession };
    public static readonly RateLimitGroup InvoiceStatus = new("invoiceStatus", 30, 120, 1200);
    public static readonly RateLimitGroup SessionList = new("sessionList", 5, 10, 60);
    public static readonly RateLimitGroup SessionInvoiceList = new("sessionInvoiceList", 10, 20, 200);
    public static readonly RateLimitGroup SessionMisc = new("sessionMisc", 10, 120, 1200);
    public static readonly RateLimitGroup InvoiceMetadata = new("invoiceMetadata", 8, 16, 20);
    public static readonly RateLimitGroup InvoiceExport = new("invoiceExport", 8, 16, 20);
    public static readonly RateLimitGroup InvoiceExportStatus = new("invoiceExportStatus", 10, 60, 600);
    public static readonly RateLimitGroup InvoiceDownload = new("invoiceDownload", 8, 16, 64);
    public static readonly RateLimitGroup Other = new("other", 10, 30, 120);

    // First match wins; a reference number or KSeF number is one path segment. Routes are relative to /v2/.
    private static readonly (Regex Route, RateLimitGroup? Group)[] Routes =
    [
        (Rule("^auth/sessions"), Other),
        (Rule("^(auth|security)/"), null),
        (Rule("^sessions/online/[^/]+/invoices$"), InvoiceSend),
        (Rule("^sessions/online/[^/]+/close$"), OnlineSessionClose),
        (Rule("^sessions/batch/[^/]+/close$"), BatchSessionClose),
        (Rule("^sessions/online$"), OnlineSession),
        (Rule("^sessions/batch$"), BatchSession),
        (Rule("^sessions/[^/]+/invoices(/failed)?$"), SessionInvoiceList),
        (Rule("^sessions/[^/]+/invoices/[^/]+$"), InvoiceStatus),
        (Rule("^sessions$"), SessionList),
        (Rule("^sessions/"), SessionMisc),
        (Rule("^invoices/query/metadata$"), InvoiceMetadata),
        (Rule("^invoices/exports$"), InvoiceExport),
        (Rule("^invoices/exports/"), InvoiceExportStatus),
        (Rule("^invoices/ksef/"), InvoiceDownload),
        (Rule("^(https?:|testdata/)"), null),
        (Rule(".*"), Other),
    ];

    /// <summary>The group whose counts this one shares until KSeF reports thresholds for it by name.</summary>
    public RateLimitGroup? UntilReported { get; init; }

    /// <summary>The group of a route relative to the API base (query string ignored); null when KSeF does not count it here.</summary>
    public static RateLimitGroup? Of(string route)
    {
        var path = route.Split('?', 2)[0];
        return Routes.First(r => r.Route.IsMatch(path)).Group;
    }

    /// <summary>
    /// What a request is counted in: its group, except "other", where every endpoint (method and route, a reference
    /// number or id standing for any) has a counter of its own (limity-api.md: "Każdy taki endpoint posiada własny licznik").
    /// </summary>
    public static string CounterOf(RateLimitGroup group, string method, string route) =>
        group.Name != Other.Name ? group.Name
        : $"{group.Name} {method} {string.Join('/', route.Split('?', 2)[0].Split('/').Select(segment => segment.Any(char.IsAsciiDigit) ? "{}" : segment))}";

    private static Regex Rule(string pattern) => new(pattern, RegexOptions.Compiled | RegexOptions.CultureInvariant);

    public override string ToString() => $"{Name} ({PerSecond}/s, {PerMinute}/min, {PerHour}/h)";
}
