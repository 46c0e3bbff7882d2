using System.Management.Automation;
using System.Security;
using KsefPS.Core.Errors;
using KsefPS.Core.Store;
using KsefPS.Infrastructure;

namespace KsefPS.Cmdlets.Store;

[Cmdlet(VerbsCommon.Set, "KsefStore", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(StoreInfo))]
public sealed class SetKsefStoreCommand : StoreCmdlet
{
    [Parameter(Mandatory = true, Position = 0)]
    public StoreProtection Protection { get; set; }

    /// <summary>The new passphrase, for -Protection Passphrase.</summary>
    [Parameter]
    public SecureString? Passphrase { get; set; }

    /// <summary>The current passphrase, when the store is passphrase-protected and locked.</summary>
    [Parameter]
    public SecureString? CurrentPassphrase { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>Below this many characters the new passphrase is taken, with a warning: a copied store can be attacked offline.</summary>
    private const int StrongPassphraseLength = 12;

    protected override void EndProcessing()
    {
        using var store = OpenStore();
        var passphrase = Passphrase;
        if (Protection == StoreProtection.Passphrase && (passphrase is null || passphrase.Length == 0))
        {
            passphrase = PromptForNewPassphrase();
        }
        if (!ShouldProcess(store.Path, $"Re-wrap the store key for {Protection} protection"))
        {
            return;
        }
        if (CurrentPassphrase is not null)
        {
            Terminating(() => store.Unlock(CurrentPassphrase, KsefStore.DefaultUnlockTimeout));
        }
        Terminating(() =>
        {
            WithStoreKey(store, () =>
            {
                store.SetProtection(Protection, passphrase);
                return 0;
            });
            return 0;
        });
        WriteVerbose($"The store key of {store.Path} is now protected by {Protection}; no certificate was re-encrypted.");
        if (Protection == StoreProtection.Passphrase && passphrase!.Length < StrongPassphraseLength)
        {
            WriteWarning($"The passphrase has {passphrase.Length} characters. Whoever copies the store can try passphrases offline, as fast as " +
                $"their hardware computes Argon2id; use at least {StrongPassphraseLength} characters (a few unrelated words), and Set-KsefStore again.");
        }
        if (PassThru)
        {
            WriteObject(store.GetInfo());
        }
    }

    private SecureString PromptForNewPassphrase()
    {
        if (!IsInteractive())
        {
            ThrowKsefError(new KsefException(ErrorIds.StorePassphraseInvalid, KsefErrorKind.InvalidArgument,
                "Passphrase protection needs -Passphrase when the session is not interactive."));
        }
        Host.UI.Write("New store passphrase: ");
        var first = Host.UI.ReadLineAsSecureString();
        Host.UI.Write("Repeat the passphrase: ");
        using var second = Host.UI.ReadLineAsSecureString();
        var a = Core.Security.SecureStrings.ToUtf8(first);
        var b = Core.Security.SecureStrings.ToUtf8(second);
        var same = System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(a, b);
        System.Security.Cryptography.CryptographicOperations.ZeroMemory(a);
        System.Security.Cryptography.CryptographicOperations.ZeroMemory(b);
        if (!same || first.Length == 0)
        {
            ThrowKsefError(new KsefException(ErrorIds.StorePassphraseInvalid, KsefErrorKind.InvalidArgument,
                "The passphrases were empty or did not match; nothing was changed."));
        }
        return first;
    }
}
