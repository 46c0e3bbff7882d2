using System.Management.Automation;
using System.Security;
using KsefPS.Core.Certificates;
using KsefPS.Core.Errors;
using KsefPS.Core.Store;

namespace KsefPS.Infrastructure;

/// <summary>A cmdlet that works with the certificate store; -StorePath overrides $env:KSEFPS_STORE and the default.</summary>
public abstract partial class StoreCmdlet : KsefCmdlet
{
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? StorePath { get; set; }

    protected KsefStore OpenStore(string? storePath = null)
    {
        var path = storePath ?? (StorePath is null ? null : ResolvePath(StorePath));
        var store = Terminating(() => KsefStore.Open(path));
        WriteVerbose($"Store: {store.Path}");
        return store;
    }

    /// <summary>The store file this command uses: -StorePath, else $env:KSEFPS_STORE, else the per-user default.</summary>
    protected string StoreFilePath() => Terminating(() => StoreLocation.Resolve(StorePath is null ? null : ResolvePath(StorePath)));

    /// <summary>
    /// For a command that only reads the store, or looks up what it names in it: a store that is not there is not made.
    /// A mistyped -StorePath would otherwise leave an empty store behind and show nothing, which a scheduled job takes
    /// for "nothing to do"; the warning says which path was looked at (a look-up says "not found" instead). Null when
    /// there is no store. <paramref name="storePath"/>: a store path already resolved (an entry's own).
    /// </summary>
    protected KsefStore? OpenStoreToRead(bool warnWhenMissing = true, string? storePath = null)
    {
        var path = storePath ?? StoreFilePath();
        if (File.Exists(path) || Directory.Exists(path))
        {
            return OpenStore(path); // a folder at the path is refused there, as for any command
        }
        if (warnWhenMissing)
        {
            WriteWarning($"There is no KsefPS store at '{path}', so there is nothing in it to show; none was made. If the store is elsewhere, " +
                "give its -StorePath (or set $env:KSEFPS_STORE); a store is made by the first command that keeps something in it.");
        }
        return null;
    }

    /// <summary>
    /// The store a certificate named <paramref name="name"/> is looked up in. None is made where there is none: the name
    /// cannot be in it, so it is CertificateNotFound, as the look-up in an empty store would say.
    /// </summary>
    protected KsefStore OpenStoreToFindCertificate(string name, string? storePath = null) =>
        OpenStoreToRead(warnWhenMissing: false, storePath) ?? throw CertificateSelection.NotFound(name);

    /// <summary>After a removal: says plainly when another process kept the wipe of the removed secret from finishing.</summary>
    protected void WarnIfWipePending(KsefStore store)
    {
        if (store.WipePending)
        {
            WriteWarning($"Another process is reading the store {store.Path}, so encrypted copies of the removed key remain in its files " +
                "until that process lets go. The next KsefPS command that opens the store finishes the wipe.");
        }
    }

    /// <summary>
    /// A stored certificate about to be used that expires within 30 days is said in a warning, so that a scheduled job's
    /// log shows it weeks before KSeF refuses it.
    /// </summary>
    protected void WarnIfExpiringSoon(StoredCertificate entry)
    {
        if (entry.StatusAt(DateTimeOffset.UtcNow) == CertificateStatus.ExpiringSoon)
        {
            WriteWarning(FormattableString.Invariant($"'{entry.Name}' expires on {entry.NotAfter.ToLocalTime():yyyy-MM-dd HH:mm} (in {Math.Max(0, entry.DaysLeft)} days); ") +
                $"renew it before then (a KSeF certificate: Get-KsefCertificate '{entry.Name}' | Request-KsefCertificate).");
        }
    }

    /// <summary>
    /// Runs work that needs the store key. A locked passphrase store is unlocked by prompting, but only when a person
    /// is there to answer; otherwise the StoreLocked error stands.
    /// </summary>
    protected T WithStoreKey<T>(KsefStore store, Func<T> action)
    {
        try
        {
            return action();
        }
        catch (KsefException e) when (e.ErrorId == ErrorIds.StoreLocked && IsInteractive())
        {
            Host.UI.Write($"Passphrase for the KsefPS store {store.Path}: ");
            using SecureString passphrase = Host.UI.ReadLineAsSecureString();
            store.Unlock(passphrase, KsefStore.DefaultUnlockTimeout);
            return action();
        }
    }
}
