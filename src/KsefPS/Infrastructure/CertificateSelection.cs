using System.Management.Automation;
using KsefPS.Core.Errors;
using KsefPS.Core.Store;

namespace KsefPS.Infrastructure;

/// <summary>Picks stored certificates by name (wildcards allowed) or by thumbprint, fingerprint or serial number.</summary>
internal static class CertificateSelection
{
    public static IEnumerable<StoredCertificate> ByName(IEnumerable<StoredCertificate> entries, string name) =>
        entries.Where(WildcardPattern.Get(name, WildcardOptions.IgnoreCase).IsMatch);

    public static IEnumerable<StoredCertificate> ByThumbprint(IEnumerable<StoredCertificate> entries, string thumbprint)
    {
        var wanted = thumbprint.Replace(" ", "", StringComparison.Ordinal).Replace(":", "", StringComparison.Ordinal);
        return entries.Where(e =>
            string.Equals(e.Thumbprint, wanted, StringComparison.OrdinalIgnoreCase)
            || string.Equals(e.Fingerprint, wanted, StringComparison.OrdinalIgnoreCase)
            || string.Equals(e.SerialNumber, wanted, StringComparison.OrdinalIgnoreCase));
    }

    private static bool IsMatch(this WildcardPattern pattern, StoredCertificate entry) => pattern.IsMatch(entry.Name);

    /// <summary>The entry with exactly this name (names are case-insensitive), else CertificateNotFound.</summary>
    public static StoredCertificate ByExactName(KsefStore store, string name) =>
        store.ListCertificates().FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase)) ?? throw NotFound(name);

    public static KsefException NotFound(string what) => KsefStore.CertificateNotFound(what);
}
