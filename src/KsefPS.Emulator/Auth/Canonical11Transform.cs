using System.Security.Cryptography.Xml;

namespace KsefPS.Emulator.Auth;

/// <summary>
/// Canonical XML 1.1, which KSeF accepts (podpis-xades.md) and .NET lacks (Python's signxml signs with it by default).
/// It is canonicalized as 1.0: the two differ only where the signed part's ancestors carry xml:id or xml:base, which an
/// AuthTokenRequest does not have.
/// </summary>
public sealed class Canonical11Transform : XmlDsigC14NTransform
{
    public const string Url = "http://www.w3.org/2006/12/xml-c14n11";

    public Canonical11Transform() => Algorithm = Url;
}
