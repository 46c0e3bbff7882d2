using System.Management.Automation;
using System.Security;
using System.Security.Cryptography.X509Certificates;
using KsefPS.Core.Certificates;
using KsefPS.Core.Environments;
using KsefPS.Core.Errors;
using KsefPS.Core.Store;

namespace KsefPS.Infrastructure;

public abstract partial class StoreCmdlet
{
    /// <summary>
    /// The store an offline run keeps its queue in. When the Offline certificate is named from the store, a store that is
    /// not there is not made: the certificate cannot be in it, and a mistyped -StorePath would leave an empty store behind
    /// (CertificateNotFound instead). <paramref name="storePath"/>: a store path already resolved (a session's own).
    /// </summary>
    protected KsefStore OpenOfflineStore(object? certificate, string? storePath = null)
    {
        var value = certificate is PSObject ps ? ps.BaseObject : certificate;
        return value is X509Certificate2
            ? OpenStore(storePath)
            : Terminating(() => OpenStoreToFindCertificate(value is StoredCertificate stored ? stored.Name : value?.ToString() ?? "", storePath));
    }

    /// <summary>
    /// The Offline certificate that signs KOD II: a stored entry (its name, or the entry), or the caller's X509Certificate2,
    /// whose key is used where it is. Checked now (a stored one near its end is said in a warning); the key is opened by
    /// <see cref="OpenOfflineSigner"/>.
    /// </summary>
    protected (StoredCertificate? Entry, X509Certificate2? Given, KsefEnvironment Environment) ResolveOfflineCertificate(KsefStore store, object? certificate,
        KsefEnvironment? environment)
    {
        var value = certificate is PSObject ps ? ps.BaseObject : certificate;
        if (value is X509Certificate2 given)
        {
            if (!CertificateRules.LooksOffline(given))
            {
                throw new KsefException(ErrorIds.OfflineCertificateRequired, KsefErrorKind.InvalidArgument,
                    $"The certificate '{given.Subject}' is not an Offline (nonRepudiation) certificate; KOD II must be signed with a KSeF Offline certificate.", given.Subject);
            }
            CertificateRules.RequireValidAt(given, $"certificate '{given.Subject}'", DateTimeOffset.UtcNow);
            return (null, given, environment ?? throw new KsefException(ErrorIds.EnvironmentRequired, KsefErrorKind.InvalidArgument,
                "With an X509Certificate2, give -Environment (Test, Demo or Production): the QR codes link to that KSeF's verification pages.", given.Subject));
        }
        var entry = value is StoredCertificate stored
            ? store.FindCertificate(stored.Id) ?? throw CertificateSelection.NotFound(stored.Name)
            : CertificateSelection.ByExactName(store, value?.ToString() ?? "");
        CertificateRules.RequireUsable(entry, CertificateUsage.Offline, DateTimeOffset.UtcNow);
        if (environment is { } wanted && wanted != entry.Environment)
        {
            throw new KsefException(ErrorIds.CertificateEnvironmentWrong, KsefErrorKind.InvalidArgument,
                $"'{entry.Name}' is stored for {entry.Environment}, not {wanted}.", entry.Name);
        }
        WarnIfExpiringSoon(entry);
        return (entry, null, entry.Environment);
    }

    /// <summary>The key of a certificate <see cref="ResolveOfflineCertificate"/> chose, and a label for messages.</summary>
    protected (KeyedCertificate Keyed, string Label) OpenOfflineSigner(KsefStore store, (StoredCertificate? Entry, X509Certificate2? Given, KsefEnvironment _) chosen,
        SecureString? pin)
    {
        if (chosen.Given is { } given)
        {
            return (KeyedCertificate.FromKeyObject(given, $"certificate '{given.Subject}'"), $"'{given.Subject}'");
        }
        var entry = chosen.Entry!;
        var entryPin = EntryPin(entry, pin);
        return (WithStoreKey(store, () => store.OpenCertificate(entry, entryPin)), $"'{entry.Name}'");
    }
}
