using KsefPS.Core.Sessions;

namespace KsefPS.Core.Invoices;

/// <summary>One invoice as Send-KsefInvoice reports it; its Session lets Get-KsefUpo follow without arguments.</summary>
public sealed class SentInvoice
{
    public required string Path { get; init; }
    /// <summary>The file's name, as tables show it.</summary>
    public string File => System.IO.Path.GetFileName(Path);
    public required string InvoiceNumber { get; init; }
    public required string SellerNip { get; init; }
    public required string Hash { get; init; }
    /// <summary>The issue date P_1 (none for a journal entry from before KsefPS kept it).</summary>
    public DateOnly? IssueDate { get; init; }
    /// <summary>
    /// KOD I (kody-qr.md): the link a visualization of the invoice carries as a QR code, labelled with the KSeF number
    /// once KSeF gave one (New-KsefQrCode), or OFFLINE before.
    /// </summary>
    public string? InvoiceLink { get; init; }
    /// <summary>KSeF's reference of the invoice; in a batch session known only once KSeF has processed the package.</summary>
    public string? ReferenceNumber { get; set; }
    public required string SessionReferenceNumber { get; init; }
    /// <summary>Online or Batch.</summary>
    public string SessionType { get; init; } = "Online";
    /// <summary>The technical correction's original (hashOfCorrectedInvoice), if this is one.</summary>
    public string? CorrectedInvoiceHash { get; init; }
    public bool OfflineMode { get; init; }
    public SendStatus Status { get; set; } = SendStatus.Sent;
    public int StatusCode { get; set; } = 100;
    public string StatusDescription { get; set; } = "";
    public string? KsefNumber { get; set; }
    public string? InvoicingMode { get; set; }
    public DateTimeOffset? AcquisitionDate { get; set; }
    public string? Error { get; set; }
    /// <summary>The offline-queue entry this invoice came from, if any.</summary>
    public Guid? OfflineInvoiceId { get; init; }
    /// <summary>The session it went in; none for an invoice queued offline.</summary>
    public required KsefSession? Session { get; init; }

    /// <summary>For QueuedOffline: the offline mode it was issued in, when it must reach KSeF, and its QR images.</summary>
    public Offline.OfflineMode? QueuedMode { get; init; }
    public DateOnly? Deadline { get; init; }
    public string? InvoiceQrImage { get; init; }
    public string? CertificateQrImage { get; init; }

    /// <summary>The invoice's place in the send journal's record of its session.</summary>
    internal int JournalOrdinal { get; set; }

    public void Apply(InvoiceStatus status)
    {
        ReferenceNumber = status.ReferenceNumber;
        StatusCode = status.Code;
        StatusDescription = status.Description;
        KsefNumber = status.KsefNumber ?? status.OriginalKsefNumber;
        InvoicingMode = status.InvoicingMode;
        AcquisitionDate = status.AcquisitionDate;
        Status = status.Code switch
        {
            200 => SendStatus.Accepted,
            440 => SendStatus.Duplicate,
            100 or 150 => SendStatus.Sent,
            _ => SendStatus.Rejected,
        };
        Error = Status is SendStatus.Rejected or SendStatus.Duplicate ? status.ToString() : null;
    }

    /// <summary>KSeF failed the whole session (a batch package it could not take): the invoice shares its fate.</summary>
    public void ApplySessionFailure(int code, string description, IReadOnlyList<string> details)
    {
        StatusCode = code;
        StatusDescription = description;
        Status = SendStatus.Rejected;
        var why = details.Count == 0 ? "" : ": " + string.Join("; ", details.Select(d => Security.UntrustedText.Quote(d, 300)));
        Error = $"{code} {description}{why} (the whole session {SessionReferenceNumber} failed)";
    }
}
