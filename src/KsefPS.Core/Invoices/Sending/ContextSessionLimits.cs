using System.Runtime.CompilerServices;
using KsefPS.Core.Errors;
using KsefPS.Core.Sessions;
using KsefPS.Core.Status;

namespace KsefPS.Core.Invoices.Sending;

/// <summary>
/// How many invoices the context's batch sessions take (GET /limits/context: 10,000 by default, raised for large
/// taxpayers on request, lowered in TEST): read once per session, so a run splits its packages where KSeF will.
/// </summary>
public static class ContextSessionLimits
{
    private static readonly ConditionalWeakTable<KsefSession, Task<int?>> Read = new();

    public static async Task<SendOptions> FitAsync(KsefSession session, SendOptions options, Action<string>? narrate, CancellationToken cancellation)
    {
        var most = await Read.GetValue(session, s => BatchMaxInvoicesAsync(s, narrate)).ConfigureAwait(false);
        if (most is not { } invoices || invoices == options.MaxInvoicesPerSession)
        {
            return options;
        }
        narrate?.Invoke($"KSeF takes {invoices} invoices per batch session in this context; packages are split there.");
        return options with { MaxInvoicesPerSession = invoices };
    }

    /// <summary>After the limits changed (TEST's /testdata/limits/context/session): read again on the next send.</summary>
    public static void Forget(KsefSession session) => Read.Remove(session);

    private static async Task<int?> BatchMaxInvoicesAsync(KsefSession session, Action<string>? narrate)
    {
        try
        {
            var (_, batch) = await KsefLimits.ContextAsync(session, CancellationToken.None).ConfigureAwait(false);
            return batch?.MaxInvoices > 0 ? batch.MaxInvoices : null;
        }
        catch (KsefException e)
        {
            narrate?.Invoke($"The context's session limits could not be read ({e.Message}); KSeF's defaults are assumed.");
            return null;
        }
    }
}
