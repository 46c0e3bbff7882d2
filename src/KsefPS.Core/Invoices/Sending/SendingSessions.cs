using KsefPS.Core.Api;
using KsefPS.Core.Sessions;

namespace KsefPS.Core.Invoices.Sending;

/// <summary>The context's sending sessions, page by page (continuation tokens), newest first.</summary>
public static class SendingSessions
{
    public static async IAsyncEnumerable<SendingSession> ListAsync(KsefSession session, SendingSessionFilter filter,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellation, Action<string>? narrate = null)
    {
        await foreach (var item in ContinuationPages.ItemsAsync(session, filter.Query(pageSize: 100), "sessions", cancellation, narrate).ConfigureAwait(false))
        {
            var reference = RequiredValues.Text(item, "referenceNumber");
            var status = SessionStatus.From(reference, item);
            yield return new SendingSession
            {
                SessionReferenceNumber = reference,
                Type = filter.Type,
                StatusCode = status.Code,
                StatusDescription = status.Description,
                DateCreated = status.Created,
                DateUpdated = status.Updated,
                ValidUntil = status.ValidUntil,
                InvoiceCount = status.InvoiceCount,
                SuccessfulInvoiceCount = status.SuccessfulInvoiceCount,
                FailedInvoiceCount = status.FailedInvoiceCount,
                Session = session,
            };
        }
    }
}
