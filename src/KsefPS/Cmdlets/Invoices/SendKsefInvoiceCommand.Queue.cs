using System.Diagnostics;
using KsefPS.Core.Invoices;
using KsefPS.Core.Store;

namespace KsefPS.Cmdlets.Invoices;

/// <summary>
/// Entries of the offline queue get the KSeF numbers KSeF gave them, a batch in one transaction: a commit for each waits
/// for the disk (at 5 ms a flush, 1,000 results took 6 s instead of 0.4). A result is written out once its number is in
/// the queue, and results keep their order, so those that follow one waiting for the queue wait with it.
/// </summary>
public sealed partial class SendKsefInvoiceCommand
{
    private const int QueueBatch = 1000;
    private static readonly TimeSpan QueueDelay = TimeSpan.FromMilliseconds(500);

    private readonly List<SentInvoice> _waitingForQueue = [];
    private long _waitingSince;
    private KsefStore? _queue;

    /// <summary>
    /// The store the offline-queue entries came from, on a connection of its own: the engine writes the journal on
    /// another thread while results are reported here.
    /// </summary>
    private KsefStore QueueStore() => _queue ??= OpenStore(_queueStore);

    /// <summary>Holds a result back while it, or one before it, waits for its KSeF number to be recorded.</summary>
    private bool WaitsForQueue(SentInvoice result)
    {
        if (_waitingForQueue.Count == 0)
        {
            if (QueueMark(result) is null)
            {
                return false;
            }
            _waitingSince = Stopwatch.GetTimestamp();
        }
        _waitingForQueue.Add(result);
        if (_waitingForQueue.Count >= QueueBatch || Stopwatch.GetElapsedTime(_waitingSince) >= QueueDelay)
        {
            RecordInQueue();
        }
        return true;
    }

    /// <summary>Records the waiting results' KSeF numbers in the queue in one transaction, then writes them out.</summary>
    private void RecordInQueue()
    {
        if (_waitingForQueue.Count == 0)
        {
            return;
        }
        var waiting = _waitingForQueue.ToList();
        _waitingForQueue.Clear();
        var marks = waiting.Select(QueueMark).Where(m => m is not null).Select(m => m!.Value).ToList();
        QueueStore().MarkOfflineInvoicesSent(marks);
        waiting.ForEach(Emit);
    }

    private static (Guid Id, string KsefNumber)? QueueMark(SentInvoice result) =>
        result.OfflineInvoiceId is { } id && result.KsefNumber is { } number && result.Status is SendStatus.Accepted or SendStatus.Duplicate
            ? (id, number)
            : null;
}
