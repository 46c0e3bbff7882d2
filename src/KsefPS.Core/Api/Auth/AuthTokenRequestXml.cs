using System.Net;
using System.Xml.Linq;

namespace KsefPS.Core.Api.Auth;

public enum SubjectIdentifierType
{
    CertificateSubject,
    CertificateFingerprint,
}

/// <summary>Builds the unsigned AuthTokenRequest document (BRIEF §3.2), namespace 2.0 as the official client sends it.</summary>
public static class AuthTokenRequestXml
{
    public const string Namespace20 = "http://ksef.mf.gov.pl/auth/token/2.0";

    public static string Build(string challenge, ContextIdentifier context, SubjectIdentifierType subjectType, IpPolicy? policy = null)
    {
        XNamespace ns = Namespace20;
        var root = new XElement(ns + "AuthTokenRequest",
            new XElement(ns + "Challenge", challenge),
            new XElement(ns + "ContextIdentifier", new XElement(ns + context.Type.ToString(), context.Value)),
            new XElement(ns + "SubjectIdentifierType", subjectType == SubjectIdentifierType.CertificateSubject ? "certificateSubject" : "certificateFingerprint"));
        if (policy is not null && !policy.IsEmpty)
        {
            root.Add(new XElement(ns + "AuthorizationPolicy",
                new XElement(ns + "AllowedIps",
                    policy.Addresses.Select(a => new XElement(ns + "Ip4Address", a)),
                    policy.Ranges.Select(r => new XElement(ns + "Ip4Range", r)),
                    policy.Masks.Select(m => new XElement(ns + "Ip4Mask", m)))));
        }
        return new XDocument(new XDeclaration("1.0", "utf-8", null), root).Declaration + root.ToString(SaveOptions.DisableFormatting);
    }
}

/// <summary>IPv4 addresses, ranges (a.b.c.d-e.f.g.h) and masks (a.b.c.d/nn) a session's tokens may be used from.</summary>
public sealed record IpPolicy(IReadOnlyList<string> Addresses, IReadOnlyList<string> Ranges, IReadOnlyList<string> Masks)
{
    public bool IsEmpty => Addresses.Count + Ranges.Count + Masks.Count == 0;

    public static IpPolicy Parse(IEnumerable<string> entries)
    {
        var addresses = new List<string>();
        var ranges = new List<string>();
        var masks = new List<string>();
        foreach (var raw in entries)
        {
            var entry = raw.Trim();
            if (entry.Contains('/') && entry.Split('/') is [var ip, var bits] && IsIpv4(ip) && int.TryParse(bits, out var n) && n is >= 0 and <= 32)
            {
                masks.Add(entry);
            }
            else if (entry.Contains('-') && entry.Split('-') is [var from, var to] && IsIpv4(from) && IsIpv4(to))
            {
                ranges.Add(entry);
            }
            else if (IsIpv4(entry))
            {
                addresses.Add(entry);
            }
            else
            {
                throw new Errors.KsefException(Errors.ErrorIds.IpPolicyInvalid, Errors.KsefErrorKind.InvalidArgument,
                    $"'{entry}' is not an IPv4 address, range (a.b.c.d-e.f.g.h) or mask (a.b.c.d/nn).", entry);
            }
        }
        if (addresses.Count > 10 || ranges.Count > 10 || masks.Count > 10)
        {
            throw new Errors.KsefException(Errors.ErrorIds.IpPolicyInvalid, Errors.KsefErrorKind.InvalidArgument,
                "KSeF accepts at most 10 addresses, 10 ranges and 10 masks in an IP policy.");
        }
        return new IpPolicy(addresses, ranges, masks);
    }

    private static bool IsIpv4(string text) =>
        IPAddress.TryParse(text, out var address) && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork
        && text.Count(c => c == '.') == 3;
}
