using KsefPS.Core.Api;
using KsefPS.Core.Errors;
using KsefPS.Core.Sessions;
using KsefPS.Core.Identifiers;

namespace KsefPS.Core.Invoices.Sending;

/// <summary>
/// What KSeF says about a sending session and its invoices (BRIEF §7.5): the status, the invoice list page by page, and
/// waiting for the end of processing by the session's status (group sessionMisc, 120 a minute) rather than by
/// re-reading the invoice list (group sessionInvoiceList, 20 a minute).
/// </summary>
public static class SessionResults
{
    public const int PageSize = 1000;

    public static async Task<SessionStatus> StatusAsync(KsefSession session, string reference, CancellationToken cancellation, Action<string>? narrate = null)
    {
        var answer = await session.SendAsync(HttpMethod.Get, $"sessions/{ReferenceNumber.Require(reference)}", cancellation, idempotent: true, narrate: narrate).ConfigureAwait(false);
        return SessionStatus.From(reference, RequiredValues.Object(answer));
    }

    /// <summary>Every invoice of the session (or only the rejected ones), page by page as KSeF gives them.</summary>
    public static async IAsyncEnumerable<InvoiceStatus> InvoicesAsync(KsefSession session, string reference, bool failedOnly,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellation, Action<string>? narrate = null)
    {
        // Read from the stream page by page (a batch's list is long), so not through ContinuationPages' JSON, but with its token rules
        var route = $"sessions/{ReferenceNumber.Require(reference)}/invoices{(failedOnly ? "/failed" : "")}?pageSize={PageSize}";
        var given = new HashSet<string>(StringComparer.Ordinal);
        string? continuation = null;
        do
        {
            var page = await session.GetJsonAsync<SessionInvoicePage>(route, cancellation, continuation, narrate).ConfigureAwait(false);
            foreach (var item in page.Invoices ?? []) // KSeF sends an empty list of failed invoices as null
            {
                yield return item.ToStatus(reference);
            }
            continuation = ContinuationPages.Next(page.ContinuationToken, given, route);
        }
        while (continuation is not null);
    }

    public static async Task<List<InvoiceStatus>> ListAsync(KsefSession session, string reference, CancellationToken cancellation, Action<string>? narrate = null)
    {
        var result = new List<InvoiceStatus>();
        await foreach (var status in InvoicesAsync(session, reference, failedOnly: false, cancellation, narrate).ConfigureAwait(false))
        {
            result.Add(status);
        }
        return result;
    }

    /// <summary>
    /// Waits until the session's status is final, then reads its invoices once. A session still open (its close was
    /// lost, or never came) is followed by its invoice list instead: its invoices may be final all the same.
    /// </summary>
    public static async Task<(SessionStatus Status, List<InvoiceStatus> Invoices)> WaitAsync(KsefSession session, string reference, TimeSpan timeout,
        Action<string>? narrate, CancellationToken cancellation)
    {
        var started = DateTimeOffset.UtcNow;
        var (status, invoices) = await StatusPolling.UntilAsync(async () =>
            {
                var current = await StatusAsync(session, reference, cancellation, narrate).ConfigureAwait(false);
                if (!current.IsFinal)
                {
                    // Long waits are said, not silent: KSeF may take minutes over a large batch.
                    narrate?.Invoke($"Waiting for KSeF to process session {reference}: {current} after {(DateTimeOffset.UtcNow - started).TotalSeconds:0} s (up to {timeout.TotalSeconds:0} s).");
                }
                return (current, current.Code == 100 ? await ListAsync(session, reference, cancellation, narrate).ConfigureAwait(false) : null);
            },
            answer => answer.current.IsFinal || answer.Item2?.All(i => i.IsFinal) == true, timeout, cancellation).ConfigureAwait(false);
        narrate?.Invoke($"Session {reference}: {status}.");
        return (status, invoices ?? await ListAsync(session, reference, cancellation, narrate).ConfigureAwait(false));
    }
}
