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

    public static string Fingerprint(X509Certificate2 certificate) => Convert.ToHexString(SHA256.HashData(certificate.RawData));

    /// <summary>The NIP/PESEL of the subject; null when the subject carries none.</summary>
    public static Subject? FromSubject(X509Certificate2 certificate)
    {
        string? Attribute(string oid) => certificate.SubjectName.EnumerateRelativeDistinguishedNames()
            .FirstOrDefault(r => !r.HasMultipleElements && r.GetSingleElementType().Value == oid)?.GetSingleElementValue();

        var organizationIdentifier = Attribute("2.5.4.97");
        var hasPersonNames = Attribute("2.5.4.42") is not null || Attribute("2.5.4.4") is not null;
        if (organizationIdentifier is not null && !hasPersonNames)
        {
            var match = SealNip().Match(organizationIdentifier);
            return match.Success ? new Subject("Nip", match.Groups["identifier"].Value, true) : null;
        }
        var serialNumber = Attribute("2.5.4.5");
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
}
