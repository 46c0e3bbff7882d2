using KsefPS.Core.Errors;
using KsefPS.Core.Sessions;
using KsefPS.Core.Store;

namespace KsefPS.Core.Invoices.Sending;

/// <summary>
/// A re-run of the same files sends only what KSeF does not have: the send journal says where each hash went, and a
/// session not yet finished is asked (once per run) what it holds.
/// </summary>
internal sealed class EarlierSends(KsefSession ksef, SendJournal journal)
{
    private readonly Dictionary<string, List<InvoiceStatus>> _lists = new(StringComparer.Ordinal);

    /// <summary>
    /// What the journal and KSeF know of an earlier sending of the same file (same hash): accepted, or still being
    /// processed in a session not yet finished. Such an invoice is not sent again; one KSeF rejected is.
    /// </summary>
    public async Task<SentInvoice?> FindAsync(InvoiceFile invoice, SendRequest request, Action<string>? narrate, CancellationToken cancellation)
    {
        if (request.CorrectedInvoiceHash is not null)
        {
            return null;
        }
        foreach (var (session, item) in journal.FindSent(invoice.Hash))
        {
            var result = SentInvoices.Create(ksef, invoice.Path, invoice.Hash, invoice.InvoiceNumber, invoice.SellerNip, session.Reference, session.Kind, request,
                invoice.IssueDate);
            if (item.StatusCode is 200 && item.KsefNumber is { } number)
            {
                result.ReferenceNumber = item.InvoiceReference;
                result.Status = SendStatus.Accepted;
                result.StatusCode = 200;
                result.KsefNumber = number;
                result.InvoicingMode = item.InvoicingMode;
                result.AcquisitionDate = item.AcquisitionDate;
                result.StatusDescription = $"Accepted earlier in session {session.Reference}; not sent again";
                narrate?.Invoke($"'{invoice.Path}' was accepted earlier as {number} (session {session.Reference}); not sent again.");
                return result;
            }
            if (session.State == JournalSession.Done)
            {
                continue;
            }
            if (!_lists.TryGetValue(session.Reference, out var list))
            {
                try
                {
                    list = await SessionResults.ListAsync(ksef, session.Reference, cancellation, narrate).ConfigureAwait(false);
                }
                catch (KsefException e) when (e.Server?.HttpStatus == 400)
                {
                    list = []; // KSeF no longer knows the session: nothing of it was taken
                }
                _lists[session.Reference] = list;
            }
            if (list.FirstOrDefault(s => s.Hash == invoice.Hash && s.Code is 100 or 150 or 200 or 440) is { } status)
            {
                result.Apply(status);
                narrate?.Invoke($"'{invoice.Path}' is already in session {session.Reference} ({status}); not sent again.");
                return result;
            }
        }
        return null;
    }
}
