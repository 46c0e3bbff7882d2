using System.Management.Automation;
using KsefPS.Core.Offline;
using KsefPS.Infrastructure;

namespace KsefPS.Cmdlets.Offline;

[Cmdlet(VerbsCommon.Get, "KsefOfflineInvoice")]
[OutputType(typeof(OfflineInvoice))]
public sealed class GetKsefOfflineInvoiceCommand : StoreCmdlet
{
    /// <summary>Include invoices already sent (with their KSeF numbers).</summary>
    [Parameter]
    public SwitchParameter All { get; set; }

    /// <summary>Only invoices whose deadline has passed.</summary>
    [Parameter]
    public SwitchParameter Overdue { get; set; }

    protected override void EndProcessing()
    {
        using var store = OpenStore();
        foreach (var invoice in store.ListOfflineInvoices(All))
        {
            if (!Overdue || invoice.Overdue)
            {
                WriteObject(invoice);
            }
        }
    }
}
