using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;

namespace KsefPS.Emulator.Auth;

/// <summary>The subject identity KSeF reads from a signing certificate (BRIEF §2.1), written for the emulator alone.</summary>
public static partial class SubjectReader
{
    public sealed record Subject(string Type, string Value, bool IsSeal);

    [GeneratedRegex(@"(PNOPL|PESEL).*?(?<identifier>\d{11})")]
    private static partial Regex Pesel();

    [GeneratedRegex(@"(TINPL|NIP).*?(?<identifier>\d{10})")]
    private static partial Regex Nip();

    [GeneratedRegex(@"(VATPL).*?(?<identifier>\d{10})")]
    private static partial Regex SealNip();

    [GeneratedRegex(@"^P[A-Z]{2}[0-9]{6}$")]
    private static partial Regex PeppolId();

    public static string Fingerprint(X509Certificate2 certificate) => Convert.ToHexString(SHA256.HashData(certificate.RawData));

    /// <summary>
    /// A Peppol service provider's certificate: a seal whose common name is its Peppol id (BRIEF §2.2; the official tests
    /// put the same id in organizationIdentifier); the provider's name is the organization name. Null for any other.
    /// </summary>
    public static (string Id, string Name)? PeppolProvider(X509Certificate2 certificate)
    {
        var commonName = Attribute(certificate, "2.5.4.3");
        return commonName is not null && PeppolId().IsMatch(commonName) && !HasPersonNames(certificate)
            ? (commonName, Attribute(certificate, "2.5.4.10") ?? commonName)
            : null;
    }

    /// <summary>The NIP/PESEL of the subject; null when the subject carries none.</summary>
    public static Subject? FromSubject(X509Certificate2 certificate)
    {
        var organizationIdentifier = Attribute(certificate, "2.5.4.97");
        if (organizationIdentifier is not null && !HasPersonNames(certificate))
        {
            var match = SealNip().Match(organizationIdentifier);
            return match.Success ? new Subject("Nip", match.Groups["identifier"].Value, true) : null;
        }
        var serialNumber = Attribute(certificate, "2.5.4.5");
        if (serialNumber is null)
        {
            return null;
        }
        var pesel = Pesel().Match(serialNumber);
        if (pesel.Success)
        {
            return new Subject("Pesel", pesel.Groups["identifier"].Value, false);
        }
        var nip = Nip().Match(serialNumber);
        return nip.Success ? new Subject("Nip", nip.Groups["identifier"].Value, false) : null;
    }

    /// <summary>Given name or surname: a person's certificate, never a seal.</summary>
    private static bool HasPersonNames(X509Certificate2 certificate) =>
        Attribute(certificate, "2.5.4.42") is not null || Attribute(certificate, "2.5.4.4") is not null;

    private static string? Attribute(X509Certificate2 certificate, string oid) => certificate.SubjectName.EnumerateRelativeDistinguishedNames()
        .FirstOrDefault(r => !r.HasMultipleElements && r.GetSingleElementType().Value == oid)?.GetSingleElementValue();
}
