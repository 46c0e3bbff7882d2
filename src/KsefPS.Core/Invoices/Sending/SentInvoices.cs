using KsefPS.Core.Offline;
using KsefPS.Core.Sessions;

namespace KsefPS.Core.Invoices.Sending;

/// <summary>The result object of one file, before KSeF's verdict is known.</summary>
public static class SentInvoices
{
    /// <param name="issued">The invoice's issue date P_1, when known (journal entries from before KsefPS kept it have none): with it the result carries its KOD I link.</param>
    internal static SentInvoice Create(KsefSession session, string path, string hash, string number, string seller, string sessionReference, string type,
        SendRequest request, DateOnly? issued) => new()
        {
            Path = path,
            InvoiceNumber = number,
            SellerNip = seller,
            Hash = hash,
            IssueDate = issued,
            InvoiceLink = issued is { } date ? VerificationLinks.InvoiceLink(session.Environment, seller, date, hash) : null,
            SessionReferenceNumber = sessionReference,
            SessionType = type,
            OfflineMode = request.OfflineMode || request.CorrectedInvoiceHash is not null,
            OfflineInvoiceId = request.OfflineInvoiceId,
            CorrectedInvoiceHash = request.CorrectedInvoiceHash,
            StatusDescription = "Sent",
            Session = session,
        };

    /// <summary>An invoice KSeF could not take, as the offline queue now holds it.</summary>
    public static SentInvoice Queued(ProtectedInvoice queued, string why) => new()
    {
        Path = queued.Path,
        InvoiceNumber = queued.InvoiceNumber ?? "",
        SellerNip = queued.SellerNip,
        Hash = queued.Hash,
        IssueDate = queued.IssueDate,
        InvoiceLink = queued.InvoiceLink,
        SessionReferenceNumber = "",
        SessionType = "OfflineQueue",
        OfflineMode = true,
        Status = SendStatus.QueuedOffline,
        StatusCode = 0,
        StatusDescription = queued.Deadline == OfflineDeadline.NoObligation
            ? $"Queued offline ({queued.Mode}): no obligation to send. {why}"
            : FormattableString.Invariant($"Queued offline ({queued.Mode}): send to KSeF by {queued.Deadline:yyyy-MM-dd}. {why}"),
        InvoicingMode = "Offline",
        QueuedMode = queued.Mode,
        Deadline = queued.Deadline,
        InvoiceQrImage = queued.InvoiceImage,
        CertificateQrImage = queued.CertificateImage,
        Session = null,
    };
}
