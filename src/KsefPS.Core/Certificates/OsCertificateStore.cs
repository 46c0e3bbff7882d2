using System.Security.Cryptography.X509Certificates;
using KsefPS.Core.Errors;

namespace KsefPS.Core.Certificates;

/// <summary>
/// Keys in the operating system's certificate store, the personal ("My") store of the current user or the machine: on
/// Windows CNG and CSP keys, exportable or not; elsewhere .NET's own store. KsefPS keeps a reference
/// ("CurrentUser/My/&lt;thumbprint&gt;") and signs with the key object the store gives; it never exports the key.
/// </summary>
public static class OsCertificateStore
{
    public static string Reference(StoreLocation location, string thumbprint) => $"{location}/My/{NormalThumbprint(thumbprint)}";

    /// <summary>The certificate with its private key, or KeyUnreachable naming <paramref name="entryName"/>.</summary>
    public static X509Certificate2 Open(string reference, string entryName)
    {
        var (location, thumbprint) = Parse(reference, entryName);
        using var store = new X509Store(StoreName.My, location);
        try
        {
            store.Open(OpenFlags.ReadOnly | OpenFlags.OpenExistingOnly);
        }
        catch (System.Security.Cryptography.CryptographicException e)
        {
            throw Unreachable(entryName, reference, $"the {location} certificate store cannot be opened: {e.Message}", e);
        }
        var found = store.Certificates.Find(X509FindType.FindByThumbprint, thumbprint, validOnly: false);
        var withKey = found.FirstOrDefault(c => c.HasPrivateKey);
        foreach (var other in found.Where(c => !ReferenceEquals(c, withKey)))
        {
            other.Dispose();
        }
        return withKey ?? throw Unreachable(entryName, reference, found.Count == 0
            ? $"no certificate with the thumbprint {thumbprint} is in the {location} personal store"
            : $"the certificate {thumbprint} in the {location} personal store has no private key", null);
    }

    /// <summary>
    /// The certificate and its key object, from one look into the store; a further signing thread gets another key
    /// object for the same key from the store (<see cref="KeyedCertificate.OpenAnother"/>).
    /// </summary>
    public static KeyedCertificate OpenKeyed(string reference, string entryName)
    {
        using var found = Open(reference, entryName);
        return new KeyedCertificate(new X509Certificate2(found.RawData), KeyOf(found, reference, entryName), () => OpenKey(reference, entryName));
    }

    private static System.Security.Cryptography.AsymmetricAlgorithm OpenKey(string reference, string entryName)
    {
        using var certificate = Open(reference, entryName);
        return KeyOf(certificate, reference, entryName);
    }

    private static System.Security.Cryptography.AsymmetricAlgorithm KeyOf(X509Certificate2 certificate, string reference, string entryName) =>
        KeyMaterial.PrivateKeyOf(certificate)
        ?? throw Unreachable(entryName, reference, "the certificate's private key is neither RSA nor ECDSA", null);

    /// <summary>Whether the key can be reached now (for Get-KsefCertificate).</summary>
    public static bool IsReachable(string reference)
    {
        try
        {
            using var certificate = Open(reference, reference);
            return true;
        }
        catch (KsefException)
        {
            return false;
        }
    }

    public static string NormalThumbprint(string thumbprint)
    {
        var normal = new string(thumbprint.Where(c => !char.IsWhiteSpace(c) && c != ':').ToArray()).ToUpperInvariant();
        return normal.Length == 40 && normal.All(Uri.IsHexDigit)
            ? normal
            : throw new KsefException(ErrorIds.ThumbprintInvalid, KsefErrorKind.InvalidArgument,
                $"'{thumbprint}' is not a certificate thumbprint (40 hexadecimal digits, the SHA-1 of the certificate).", thumbprint);
    }

    private static (StoreLocation Location, string Thumbprint) Parse(string reference, string entryName)
    {
        var parts = reference.Split('/');
        return parts.Length == 3 && Enum.TryParse<StoreLocation>(parts[0], out var location) && Enum.IsDefined(location) && parts[1] == "My"
            && parts[2].Length == 40 && parts[2].All(Uri.IsHexDigit)
            ? (location, parts[2])
            : throw new KsefException(ErrorIds.StoreCorrupt, KsefErrorKind.InvalidData,
                $"The entry '{entryName}' has a key reference KsefPS does not understand; the store was altered.", entryName);
    }

    private static KsefException Unreachable(string entryName, string reference, string why, Exception? inner) =>
        new(ErrorIds.KeyUnreachable, KsefErrorKind.ResourceUnavailable,
            $"The private key of '{entryName}' ({reference}) cannot be reached: {why}.", entryName, inner);
}
