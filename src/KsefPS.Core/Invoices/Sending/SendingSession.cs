using KsefPS.Core.Sessions;

namespace KsefPS.Core.Invoices.Sending;

/// <summary>One sending session as GET /sessions lists it; its Session lets Get-KsefSessionInvoice and Get-KsefUpo follow.</summary>
public sealed class SendingSession
{
    public required string SessionReferenceNumber { get; init; }
    public required SendingSessionType Type { get; init; }
    public required int StatusCode { get; init; }
    public required string StatusDescription { get; init; }
    public DateTimeOffset? DateCreated { get; init; }
    public DateTimeOffset? DateUpdated { get; init; }
    public DateTimeOffset? ValidUntil { get; init; }
    public int? InvoiceCount { get; init; }
    public int? SuccessfulInvoiceCount { get; init; }
    public int? FailedInvoiceCount { get; init; }
    public required KsefSession Session { get; init; }

    public override string ToString() => SessionReferenceNumber;
}
