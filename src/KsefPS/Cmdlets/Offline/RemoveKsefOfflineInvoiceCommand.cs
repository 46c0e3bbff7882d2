using System.Management.Automation;
using KsefPS.Core.Errors;
using KsefPS.Core.Offline;
using KsefPS.Core.Store;
using KsefPS.Infrastructure;

namespace KsefPS.Cmdlets.Offline;

/// <summary>
/// Takes entries out of the offline queue: the sent ones a company no longer needs (the queue keeps every invoice it was
/// given, so that the same invoice is never queued twice, and grows with every run), or with -Force one that was never
/// issued to a buyer. An invoice KSeF has not received is kept otherwise: one issued offline must be sent.
/// </summary>
[Cmdlet(VerbsCommon.Remove, "KsefOfflineInvoice", DefaultParameterSetName = ByInputObject, SupportsShouldProcess = true,
    ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(void))]
public sealed class RemoveKsefOfflineInvoiceCommand : StoreCmdlet
{
    private const string ByInputObject = "InputObject";
    private const string BySentBefore = "SentBefore";
    // Entries taken out in one transaction: a commit for each would wait for the disk every time.
    private const int Batch = 1000;

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = ByInputObject)]
    public OfflineInvoice[] InputObject { get; set; } = [];

    [Parameter(ParameterSetName = ByInputObject)]
    public SwitchParameter Force { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = BySentBefore)]
    public DateTime SentBefore { get; set; }

    // By the store each entry came from (the empty key: -StorePath's, which overrides theirs).
    private readonly Dictionary<string, List<OfflineInvoice>> _pending = new(StringComparer.Ordinal);

    protected override void ProcessRecord()
    {
        if (ParameterSetName == BySentBefore)
        {
            RemoveSentBefore();
            return;
        }
        foreach (var invoice in InputObject)
        {
            var action = invoice.KsefNumber is null
                ? "Remove from the offline queue although KSeF has not received it"
                : "Remove from the offline queue";
            if (!ShouldProcess(Describe(invoice), action))
            {
                continue;
            }
            var key = StorePath is null ? invoice.StorePath : "";
            if (!_pending.TryGetValue(key, out var pending))
            {
                _pending[key] = pending = [];
            }
            pending.Add(invoice);
            if (pending.Count == Batch)
            {
                Remove(key, pending);
            }
        }
    }

    protected override void EndProcessing()
    {
        foreach (var (key, pending) in _pending)
        {
            Remove(key, pending);
        }
    }

    private void Remove(string key, List<OfflineInvoice> pending)
    {
        if (pending.Count == 0)
        {
            return;
        }
        // An entry's store that is gone holds none of them: no store is made there.
        using var store = OpenStoreToRead(warnWhenMissing: false, key.Length == 0 ? null : key);
        var outcomes = store is null
            ? pending.Select(_ => OfflineRemoval.NotFound).ToList()
            : Terminating(() => store.RemoveOfflineInvoices(pending.Select(i => i.Id).ToList(), Force));
        var storePath = store?.Path ?? (key.Length == 0 ? StoreFilePath() : key);
        foreach (var (invoice, outcome) in pending.Zip(outcomes))
        {
            if (outcome == OfflineRemoval.NotFound)
            {
                WriteKsefError(new KsefException(ErrorIds.OfflineInvoiceNotFound, KsefErrorKind.ObjectNotFound,
                    $"{Describe(invoice)} is not in the offline queue of {storePath}.", invoice));
            }
            else if (outcome == OfflineRemoval.NotSent)
            {
                WriteKsefError(new KsefException(ErrorIds.OfflineInvoiceNotSent, KsefErrorKind.InvalidOperation,
                    $"{Describe(invoice)} has not reached KSeF yet, and an invoice issued offline must be sent by its deadline; it stays queued. " +
                    "Add -Force only for an invoice that was never issued to a buyer.", invoice));
            }
        }
        var removed = outcomes.Count(o => o == OfflineRemoval.Removed);
        WriteVerbose($"Removed {removed} of {pending.Count} from the offline queue of {storePath}.");
        pending.Clear();
    }

    private void RemoveSentBefore()
    {
        using var store = OpenStoreToRead();
        if (store is null)
        {
            return;
        }
        var before = new DateTimeOffset(SentBefore);
        // Gregorian digits whatever the session's culture, as every date the module writes in a message.
        var when = FormattableString.Invariant($"{before:yyyy-MM-dd HH:mm zzz}");
        var count = store.CountSentOfflineInvoices(before);
        if (count == 0)
        {
            WriteVerbose($"No invoice in the offline queue of {store.Path} was sent before {when}.");
            return;
        }
        var entries = count == 1 ? "1 invoice" : $"{count} invoices";
        if (ShouldProcess($"{entries} sent before {when}, in {store.Path}", "Remove from the offline queue"))
        {
            var removed = store.RemoveSentOfflineInvoices(before);
            WriteVerbose($"Removed {removed} sent before {when} from the offline queue of {store.Path}.");
        }
    }

    private static string Describe(OfflineInvoice invoice) =>
        $"'{invoice.Path}' ({invoice.InvoiceNumber}, {(invoice.KsefNumber is null ? "not sent" : "KSeF " + invoice.KsefNumber)})";
}
