using System.Xml.Linq;
using KsefPS.Core.Identifiers;

namespace KsefPS.Core.Api.Auth;

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
