using KsefPS.Core.Store;

namespace KsefPS.Core.Offline;

/// <summary>Moves the deadlines of queued offline invoices as Latarnia's announcements require (BRIEF §9.5).</summary>
public static class OfflineQueueRefresh
{
    /// <summary>
    /// Applies <paramref name="outages"/> to every unsent entry of <paramref name="queued"/>, all the moves in one
    /// transaction; returns the entries whose deadline moved.
    /// </summary>
    public static IReadOnlyList<OfflineInvoice> Apply(KsefStore store, IEnumerable<OfflineInvoice> queued, IReadOnlyList<KsefOutage> outages, DateOnly today)
    {
        var moved = new List<OfflineInvoice>();
        foreach (var invoice in queued.Where(i => i.KsefNumber is null))
        {
            var (deadline, reason) = OfflineDeadline.Recompute(invoice.Mode, invoice.IssueDate, invoice.Deadline, outages, today);
            if (deadline != invoice.Deadline && reason is not null)
            {
                moved.Add(invoice with { Deadline = deadline, DeadlineReason = reason });
            }
        }
        store.MoveOfflineDeadlines([.. moved.Select(i => (i.Id, i.Deadline, i.DeadlineReason!))]);
        return moved;
    }

    /// <summary>Today in Poland, where the deadlines are counted.</summary>
    public static DateOnly PolishToday() => DateOnly.FromDateTime(OfflineDeadline.InPoland(DateTimeOffset.UtcNow).DateTime);
}
