using System.Management.Automation;
using System.Security;
using KsefPS.Core.Store;
using KsefPS.Infrastructure;

namespace KsefPS.Cmdlets.Store;

[Cmdlet(VerbsCommon.Unlock, "KsefStore")]
[OutputType(typeof(StoreInfo))]
public sealed class UnlockKsefStoreCommand : StoreCmdlet
{
    [Parameter(Mandatory = true, Position = 0)]
    public SecureString Passphrase { get; set; } = new();

    /// <summary>How long the store stays unlocked in this process; a number means seconds.</summary>
    [Parameter]
    [TimeoutTransformation]
    public TimeSpan Timeout { get; set; } = KsefStore.DefaultUnlockTimeout;

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void EndProcessing()
    {
        using var store = OpenStore();
        if (store.Protection != StoreProtection.Passphrase)
        {
            WriteVerbose($"{store.Path} is protected by the user account; there is nothing to unlock.");
        }
        else
        {
            var until = Terminating(() => store.Unlock(Passphrase, Timeout));
            WriteVerbose(FormattableString.Invariant($"{store.Path} is unlocked in this process until {until.ToLocalTime():HH:mm:ss}."));
        }
        if (PassThru)
        {
            WriteObject(store.GetInfo());
        }
    }
}
