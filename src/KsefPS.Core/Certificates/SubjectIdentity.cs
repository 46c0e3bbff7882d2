using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using KsefPS.Core.Identifiers;

namespace KsefPS.Core.Certificates;

/// <summary>The identifier KSeF reads from a certificate subject (BRIEF §2.1); the SHA-256 fingerprint when there is none.</summary>
public sealed record SubjectIdentity(IdentifierType Type, string Value)
{
    public const string OidGivenName = "2.5.4.42";
    public const string OidSurname = "2.5.4.4";
    public const string OidSerialNumber = "2.5.4.5";
    public const string OidCommonName = "2.5.4.3";
    public const string OidCountry = "2.5.4.6";
    public const string OidOrganization = "2.5.4.10";
    public const string OidOrganizationIdentifier = "2.5.4.97";

    private static readonly Regex PeselPattern = new(@"(PNOPL|PESEL).*?(?<identifier>\d{11})", RegexOptions.CultureInvariant);
    private static readonly Regex NipPattern = new(@"(TINPL|NIP).*?(?<identifier>\d{10})", RegexOptions.CultureInvariant);
    private static readonly Regex SealNipPattern = new(@"(VATPL).*?(?<identifier>\d{10})", RegexOptions.CultureInvariant);

    public override string ToString() => $"{Type}:{Value}";

    public static SubjectIdentity From(X509Certificate2 certificate)
    {
        var attributes = ReadAttributes(certificate.SubjectName);
        var isSeal = attributes.ContainsKey(OidOrganizationIdentifier)
            && !attributes.ContainsKey(OidGivenName) && !attributes.ContainsKey(OidSurname);
        if (isSeal)
        {
            var match = SealNipPattern.Match(attributes[OidOrganizationIdentifier]);
            if (match.Success)
            {
                return new(IdentifierType.Nip, match.Groups["identifier"].Value);
            }
        }
        else if (attributes.TryGetValue(OidSerialNumber, out var serial))
        {
            var pesel = PeselPattern.Match(serial);
            if (pesel.Success)
            {
                return new(IdentifierType.Pesel, pesel.Groups["identifier"].Value);
            }
            var nip = NipPattern.Match(serial);
            if (nip.Success)
            {
                return new(IdentifierType.Nip, nip.Groups["identifier"].Value);
            }
        }
        return new(IdentifierType.Fingerprint, Sha256Fingerprint(certificate));
    }

    public static string Sha256Fingerprint(X509Certificate2 certificate) =>
        Convert.ToHexString(SHA256.HashData(certificate.RawData));

    public static Dictionary<string, string> ReadAttributes(X500DistinguishedName name)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var rdn in name.EnumerateRelativeDistinguishedNames())
        {
            if (!rdn.HasMultipleElements && rdn.GetSingleElementValue() is { } value)
            {
                result.TryAdd(rdn.GetSingleElementType().Value ?? "", value);
            }
        }
        return result;
    }
}
