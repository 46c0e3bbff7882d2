using KsefPS.Core.Errors;
using KsefPS.Core.Sessions;
using KsefPS.Core.Store;

namespace KsefPS.Core.Invoices.Sending;

/// <summary>
/// Asks the send journal, then KSeF, whether an invoice a cut-off run handed over reached KSeF, so that nothing is both
/// sent and queued offline: an online invoice with KSeF's reference and a closed batch session are KSeF's; an invoice
/// whose answer was lost, or a batch session whose close may not have arrived, is asked of KSeF.
/// </summary>
public sealed class SendOutcomeCheck(KsefSession session, SendJournal journal)
{
    private readonly EarlierSends _earlier = new(session, journal);

    public async Task<(SendOutcome Outcome, SentInvoice? Result)> CheckAsync(InvoiceFile invoice, SendRequest request, Action<string>? narrate,
        CancellationToken cancellation)
    {
        var entries = journal.FindSent(invoice.Hash).Where(e => e.Session.State != JournalSession.Done).ToList();
        if (entries.Count == 0)
        {
            return (SendOutcome.NotSent, null);
        }
        foreach (var (journalled, item) in entries)
        {
            if (journalled.Kind == JournalSession.Online ? item.InvoiceReference is not null : journalled.State == JournalSession.Closed)
            {
                var result = SentInvoices.Create(session, invoice.Path, invoice.Hash, invoice.InvoiceNumber, invoice.SellerNip, journalled.Reference, journalled.Kind, request,
                    invoice.IssueDate);
                result.ReferenceNumber = item.InvoiceReference;
                return (SendOutcome.InKsef, result);
            }
        }
        try
        {
            var known = await _earlier.FindAsync(invoice, request, narrate, cancellation).ConfigureAwait(false);
            return known is null ? (SendOutcome.NotSent, null) : (SendOutcome.InKsef, known);
        }
        catch (KsefException e) when (e.ErrorId is ErrorIds.KsefUnavailable or ErrorIds.KsefRateLimited)
        {
            narrate?.Invoke($"Whether KSeF received '{invoice.Path}' cannot be asked now ({e.Message}).");
            return (SendOutcome.Unknown, null);
        }
    }
}
