using System.Security.Cryptography.Xml;

namespace KsefPS.Emulator.Auth;

/// <summary>Canonical XML 1.1 with comments (see <see cref="Canonical11Transform"/>).</summary>
public sealed class Canonical11WithCommentsTransform : XmlDsigC14NWithCommentsTransform
{
    public const string Url = "http://www.w3.org/2006/12/xml-c14n11#WithComments";

    public Canonical11WithCommentsTransform() => Algorithm = Url;
}
