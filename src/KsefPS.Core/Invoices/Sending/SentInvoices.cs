using KsefPS.Core.Sessions;

namespace KsefPS.Core.Invoices.Sending;

/// <summary>The result object of one file, before KSeF's verdict is known.</summary>
internal static class SentInvoices
{
    public static SentInvoice Create(KsefSession session, string path, string hash, string number, string seller, string sessionReference, string type,
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
}
