using KsefPS.Core.Offline;
using KsefPS.Core.Sessions;

namespace KsefPS.Core.Invoices.Sending;

/// <summary>The result object of one file, before KSeF's verdict is known.</summary>
public static class SentInvoices
{
    internal static SentInvoice Create(KsefSession session, string path, string hash, string number, string seller, string sessionReference, string type,
        SendRequest request) => new()
        {
            Path = path,
            InvoiceNumber = number,
            SellerNip = seller,
            Hash = hash,
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
        SessionReferenceNumber = "",
        SessionType = "OfflineQueue",
        OfflineMode = true,
        Status = SendStatus.QueuedOffline,
        StatusCode = 0,
        StatusDescription = queued.Deadline == OfflineDeadline.NoObligation
            ? $"Queued offline ({queued.Mode}): no obligation to send. {why}"
            : $"Queued offline ({queued.Mode}): send to KSeF by {queued.Deadline:yyyy-MM-dd}. {why}",
        InvoicingMode = "Offline",
        QueuedMode = queued.Mode,
        Deadline = queued.Deadline,
        InvoiceQrImage = queued.InvoiceImage,
        CertificateQrImage = queued.CertificateImage,
        Session = null,
    };
}
