using KsefPS.Core.Environments;

namespace KsefPS.Core.Offline;

/// <summary>An entry of the offline queue: what must still be sent to KSeF, and by when.</summary>
public sealed record OfflineInvoice(
    Guid Id,
    string Path,
    string? InvoiceNumber,
    string SellerNip,
    DateOnly IssueDate,
    string Hash,
    OfflineMode Mode,
    DateOnly Deadline,
    KsefEnvironment Environment,
    string CertificateSerial,
    string InvoiceLink,
    string CertificateLink,
    DateTimeOffset Protected,
    string? KsefNumber,
    DateTimeOffset? Sent,
    string StorePath)
{
    public DateTimeOffset DeadlineEnds => OfflineDeadline.EndOf(Deadline);

    /// <summary>False once a total failure was announced: KSeF need not get this invoice (it still may).</summary>
    public bool MustBeSent => Deadline != OfflineDeadline.NoObligation;

    /// <summary>Why the deadline is what it is, when an announcement moved it (Get-KsefOfflineInvoice -Refresh).</summary>
    public string? DeadlineReason { get; init; }

    /// <summary>Time left until the deadline passes (negative once it has); zero once sent or when there is no obligation.</summary>
    public TimeSpan TimeLeft => KsefNumber is null && MustBeSent ? DeadlineEnds - DateTimeOffset.UtcNow : TimeSpan.Zero;

    public bool Overdue => KsefNumber is null && MustBeSent && TimeLeft < TimeSpan.Zero;
}
