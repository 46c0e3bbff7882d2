using System.Management.Automation;
using KsefPS.Infrastructure;

namespace KsefPS.Cmdlets.Store;

[Cmdlet(VerbsCommon.Lock, "KsefStore")]
[OutputType(typeof(void))]
public sealed class LockKsefStoreCommand : StoreCmdlet
{
    protected override void EndProcessing()
    {
        using var store = OpenStore();
        store.Lock();
        WriteVerbose($"{store.Path}: the unlocked store key was wiped from this process.");
    }
}
