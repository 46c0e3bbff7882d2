using System.Management.Automation;
using KsefPS.Core.Store;
using KsefPS.Infrastructure;

namespace KsefPS.Cmdlets.Store;

[Cmdlet(VerbsCommon.Get, "KsefStore")]
[OutputType(typeof(StoreInfo))]
public sealed class GetKsefStoreCommand : StoreCmdlet
{
    protected override void EndProcessing()
    {
        using var store = OpenStore();
        WriteObject(Terminating(store.GetInfo));
    }
}
