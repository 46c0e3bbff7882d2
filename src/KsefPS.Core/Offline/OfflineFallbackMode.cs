using KsefPS.Core.Status;

namespace KsefPS.Core.Offline;

/// <summary>
/// The offline mode Latarnia's word gives when KSeF cannot take invoices (UPDATES.md): an announced maintenance is mode
/// Offline, an announced failure Emergency, a total failure no QR codes and no obligation; with nothing announced (or
/// Latarnia unreachable) it is the taxpayer's own Offline24.
/// </summary>
public sealed record OfflineFallbackMode(OfflineMode Mode, DateOnly? End, string Why)
{
    public static bool Announced(KsefStatusReport report) => report.Status is "MAINTENANCE" or "FAILURE" or "TOTAL_FAILURE";

    public static OfflineFallbackMode From(KsefStatusReport report)
    {
        var current = KsefOutage.From(report.Messages).LastOrDefault(o => o.Category == report.Status);
        return report.Status switch
        {
            "MAINTENANCE" => new(OfflineMode.Offline, current?.End, $"KSeF {report.Environment} announces a maintenance{Span(current)}"),
            "FAILURE" => new(OfflineMode.Emergency, current?.End, $"KSeF {report.Environment} announces a failure{Span(current)}"),
            "TOTAL_FAILURE" => new(OfflineMode.TotalFailure, null,
                $"KSeF {report.Environment} announces a total failure: no QR codes, and no obligation to send these invoices to KSeF later"),
            KsefStatusReport.Unknown => new(OfflineMode.Offline24, null, $"KSeF's status is unknown ({Clause(report.Reason)}), so nothing announced is known"),
            _ => new(OfflineMode.Offline24, null, $"KSeF {report.Environment}'s status service says {report.Status}, with nothing announced"),
        };
    }

    /// <summary>A reader's sentence ("The status service answered HTTP 503.") as a clause inside another.</summary>
    private static string Clause(string? sentence) =>
        string.IsNullOrEmpty(sentence) ? "no reason given" : char.ToLowerInvariant(sentence[0]) + sentence[1..].TrimEnd('.');

    private static string Span(KsefOutage? outage) => outage is null ? "" : $" ({outage})";
}
