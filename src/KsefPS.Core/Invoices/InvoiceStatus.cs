using KsefPS.Core.Api;

namespace KsefPS.Core.Invoices;

/// <summary>An invoice's status within its session (SessionInvoiceStatusResponse, BRIEF §7.5).</summary>
public sealed record InvoiceStatus(string ReferenceNumber, string Hash, int Code, string Description, ReadableList<string> Details,
    string? KsefNumber, string? OriginalKsefNumber, string? InvoicingMode, DateTimeOffset? AcquisitionDate)
{
    public int OrdinalNumber { get; init; }
    public string? InvoiceNumber { get; init; }
    /// <summary>The file's name in a batch package (invoiceFileName); null online.</summary>
    public string? FileName { get; init; }
    public DateTimeOffset? InvoicingDate { get; init; }
    /// <summary>The session it was sent in (set when read from a session's list).</summary>
    public string? SessionReferenceNumber { get; init; }
    /// <summary>The file it was sent from, when this machine's send journal has it (Get-KsefSessionInvoice); null otherwise.</summary>
    public string? Path { get; init; }

    /// <summary>
    /// KSeF's pre-signed link to this invoice's UPO (upoDownloadUrl), as KSeF wrote it. Kept inside the engine: anyone
    /// holding it may fetch the UPO until it expires.
    /// </summary>
    internal string? UpoDownloadUrl { get; init; }

    /// <summary>100 accepted for processing, 150 processing: anything else is final.</summary>
    public bool IsFinal => Code is not (100 or 150);

    public override string ToString() =>
        $"{Code} {Description}" + (Details.Count > 0 ? $" ({Details})" : "");
}
