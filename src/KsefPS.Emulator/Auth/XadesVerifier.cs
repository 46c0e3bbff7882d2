using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography.Xml;
using System.Xml;
using System.Xml.Schema;
using System.Xml.XPath;

namespace KsefPS.Emulator.Auth;

/// <summary>
/// Checks a signed AuthTokenRequest as KSeF does (BRIEF §3.3–3.4): exactly one enveloped or enveloping XML signature
/// with allowed algorithms and transforms, valid over the signing certificate from KeyInfo, a SignedProperties whose
/// CertDigest names that certificate, and a request valid against the auth XSD of its namespace.
/// </summary>
public static class XadesVerifier
{
    private const string Dsig = "http://www.w3.org/2000/09/xmldsig#";
    private const string Xades = "http://uri.etsi.org/01903/v1.3.2#";
    public const string Namespace20 = "http://ksef.mf.gov.pl/auth/token/2.0";
    public const string Namespace21 = "http://ksef.mf.gov.pl/auth/token/2.1";

    // SignedInfo's canonicalization, and the c14n family of the transforms (declared first: AllowedTransforms reads it).
    private static readonly string[] AllowedCanonicalizations =
    [
        "http://www.w3.org/2006/12/xml-c14n11", "http://www.w3.org/2006/12/xml-c14n11#WithComments",
        "http://www.w3.org/2001/10/xml-exc-c14n#", "http://www.w3.org/2001/10/xml-exc-c14n#WithComments",
        "http://www.w3.org/TR/2001/REC-xml-c14n-20010315", "http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments",
    ];

    private static readonly HashSet<string> AllowedTransforms =
    [
        "http://www.w3.org/TR/1999/REC-xpath-19991116", "http://www.w3.org/2002/06/xmldsig-filter2",
        "http://www.w3.org/2000/09/xmldsig#enveloped-signature", "http://www.w3.org/2000/09/xmldsig#base64",
        .. AllowedCanonicalizations,
    ];

    private static readonly HashSet<string> AllowedSignatureMethods =
    [
        "http://www.w3.org/2000/09/xmldsig#rsa-sha1", "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
        "http://www.w3.org/2001/04/xmldsig-more#rsa-sha384", "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512",
        "http://www.w3.org/2007/05/xmldsig-more#sha1-rsa-MGF1", "http://www.w3.org/2007/05/xmldsig-more#sha256-rsa-MGF1",
        "http://www.w3.org/2007/05/xmldsig-more#sha384-rsa-MGF1", "http://www.w3.org/2007/05/xmldsig-more#sha512-rsa-MGF1",
        "http://www.w3.org/2007/05/xmldsig-more#sha3-256-rsa-MGF1", "http://www.w3.org/2007/05/xmldsig-more#sha3-384-rsa-MGF1",
        "http://www.w3.org/2007/05/xmldsig-more#sha3-512-rsa-MGF1", "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha1",
        "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256", "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384",
        "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512", "http://www.w3.org/2021/04/xmldsig-more#ecdsa-sha3-256",
        "http://www.w3.org/2021/04/xmldsig-more#ecdsa-sha3-384", "http://www.w3.org/2021/04/xmldsig-more#ecdsa-sha3-512",
    ];

    private static readonly Dictionary<string, Func<byte[], byte[]>> AllowedDigests = new()
    {
        ["http://www.w3.org/2000/09/xmldsig#sha1"] = SHA1.HashData,
        ["http://www.w3.org/2001/04/xmlenc#sha256"] = SHA256.HashData,
        ["http://www.w3.org/2001/04/xmldsig-more#sha384"] = SHA384.HashData,
        ["http://www.w3.org/2001/04/xmlenc#sha512"] = SHA512.HashData,
        ["http://www.w3.org/2007/05/xmldsig-more#sha3-256"] = SHA3_256.HashData,
        ["http://www.w3.org/2007/05/xmldsig-more#sha3-384"] = SHA3_384.HashData,
        ["http://www.w3.org/2007/05/xmldsig-more#sha3-512"] = SHA3_512.HashData,
    };

    private static readonly Lazy<Dictionary<string, XmlSchemaSet>> Schemas = new(LoadSchemas);

    public sealed record Verified(XmlElement Request, X509Certificate2 Certificate);

    public static Verified Verify(byte[] body)
    {
        SignatureAlgorithms.Register();
        var document = Load(body);
        var signatures = document.GetElementsByTagName("Signature", Dsig);
        if (signatures.Count == 0)
        {
            throw new AuthRejection(9102, "Brak podpisu.", "The document carries no XML signature.");
        }
        if (signatures.Count > 1)
        {
            throw new AuthRejection(9103, "Przekroczona liczba podpisów.", "The document carries more than one signature.");
        }
        var signature = (XmlElement)signatures[0]!;
        var enveloping = signature == document.DocumentElement;

        DeclareXPathNamespaces(signature);
        var signed = new SignedXml(document);
        // SignedXml runs only the transforms it deems safe; KSeF's list (AllowedTransforms, checked below) is the rule here.
        foreach (var transform in AllowedTransforms.Where(t => !signed.SafeCanonicalizationMethods.Contains(t)))
        {
            signed.SafeCanonicalizationMethods.Add(transform);
        }
        try
        {
            signed.LoadXml(signature);
        }
        catch (CryptographicException e)
        {
            throw new AuthRejection(9105, "Nieprawidłowy podpis.", e.Message);
        }
        CheckAlgorithms(signed, enveloping);
        var certificate = SigningCertificate(signed);
        CheckKeySize(certificate);

        bool valid;
        try
        {
            valid = signed.CheckSignature(certificate, verifySignatureOnly: true);
        }
        catch (Exception e) when (e is CryptographicException or XPathException or XmlException)
        {
            throw new AuthRejection(9105, "Nieprawidłowy podpis.", e.Message);
        }
        if (!valid)
        {
            throw new AuthRejection(9105, "Nieprawidłowy podpis.", "The signature value or a reference digest does not verify.");
        }
        CheckSignedProperties(signed, signature, certificate);

        var request = enveloping ? EnvelopedRequest(signature) : (XmlElement)document.DocumentElement!.CloneNode(deep: true);
        foreach (var inner in request.GetElementsByTagName("Signature", Dsig).Cast<XmlNode>().ToList())
        {
            inner.ParentNode!.RemoveChild(inner);
        }
        ValidateAgainstXsd(request);
        return new Verified(request, certificate);
    }

    /// <summary>
    /// An XPath transform's expression reads prefixes declared anywhere above it (XMLDSig §6.6.3), but .NET's XPath
    /// transform knows only those declared on the XPath element itself; the ones in scope are declared there too. This
    /// changes no digest: canonicalization drops a declaration an ancestor already makes, and the signed document's
    /// reference leaves the signature out.
    /// </summary>
    private static void DeclareXPathNamespaces(XmlElement signature)
    {
        foreach (var xpath in signature.GetElementsByTagName("XPath", Dsig).OfType<XmlElement>())
        {
            for (var scope = xpath.ParentNode as XmlElement; scope is not null; scope = scope.ParentNode as XmlElement)
            {
                foreach (var declaration in scope.Attributes.Cast<XmlAttribute>().Where(a => a.Prefix == "xmlns"))
                {
                    if (!xpath.HasAttribute(declaration.Name))
                    {
                        xpath.SetAttribute(declaration.Name, declaration.Value);
                    }
                }
            }
        }
    }

    private static XmlDocument Load(byte[] body)
    {
        var document = new XmlDocument { PreserveWhitespace = true, XmlResolver = null };
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(body), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            document.Load(reader);
            return document;
        }
        catch (XmlException e)
        {
            throw new AuthRejection(21001, "Nieczytelna treść.", e.Message);
        }
    }

    private static void CheckAlgorithms(SignedXml signed, bool enveloping)
    {
        if (!AllowedCanonicalizations.Contains(signed.SignedInfo!.CanonicalizationMethod))
        {
            throw new AuthRejection(9105, "Nieprawidłowy podpis.", $"Canonicalization {signed.SignedInfo.CanonicalizationMethod} is not accepted.");
        }
        if (!AllowedSignatureMethods.Contains(signed.SignatureMethod ?? ""))
        {
            throw new AuthRejection(9105, "Nieprawidłowy podpis.", $"Signature method {signed.SignatureMethod} is not accepted.");
        }
        var coversDocument = false;
        foreach (Reference reference in signed.SignedInfo!.References)
        {
            if (!AllowedDigests.ContainsKey(reference.DigestMethod ?? ""))
            {
                throw new AuthRejection(9105, "Nieprawidłowy podpis.", $"Digest method {reference.DigestMethod} is not accepted.");
            }
            foreach (Transform transform in reference.TransformChain)
            {
                if (!AllowedTransforms.Contains(transform.Algorithm ?? ""))
                {
                    throw new AuthRejection(9105, "Nieprawidłowy podpis.", $"Transform {transform.Algorithm} is not accepted.");
                }
            }
            var uri = reference.Uri ?? "";
            if (uri.Length > 0 && !uri.StartsWith('#'))
            {
                throw new AuthRejection(9105, "Nieprawidłowy podpis.", "Detached signatures are not accepted.");
            }
            coversDocument |= enveloping
                ? uri.StartsWith('#') && reference.Type != "http://uri.etsi.org/01903#SignedProperties"
                : uri.Length == 0;
        }
        if (!coversDocument)
        {
            throw new AuthRejection(9105, "Nieprawidłowy podpis.", "No reference covers the authentication request.");
        }
    }

    private static X509Certificate2 SigningCertificate(SignedXml signed)
    {
        foreach (var clause in signed.KeyInfo?.OfType<KeyInfoX509Data>() ?? [])
        {
            if (clause.Certificates?.Count > 0)
            {
                return X509CertificateLoader.LoadCertificate(((X509Certificate)clause.Certificates[0]!).GetRawCertData());
            }
        }
        throw new AuthRejection(21115, "Nieprawidłowy certyfikat.", "KeyInfo carries no X509Certificate.");
    }

    private static void CheckKeySize(X509Certificate2 certificate)
    {
        using var rsa = certificate.GetRSAPublicKey();
        using var ec = certificate.GetECDsaPublicKey();
        var ok = rsa is not null ? rsa.KeySize >= 2048 : ec is not null && ec.KeySize >= 256;
        if (!ok)
        {
            throw new AuthRejection(21115, "Nieprawidłowy certyfikat.", "Keys must be RSA of at least 2048 bits or EC of at least 256 bits.");
        }
    }

    /// <summary>Refuses a certificate outside its validity period (KSeF-issued ones are judged later, with status 460).</summary>
    public static void CheckValidity(X509Certificate2 certificate)
    {
        var now = DateTime.UtcNow;
        if (certificate.NotBefore.ToUniversalTime() > now || certificate.NotAfter.ToUniversalTime() < now)
        {
            throw new AuthRejection(21115, "Nieprawidłowy certyfikat.", "The certificate is outside its validity period.");
        }
    }

    private static void CheckSignedProperties(SignedXml signed, XmlElement signature, X509Certificate2 certificate)
    {
        var ns = new XmlNamespaceManager(signature.OwnerDocument.NameTable);
        ns.AddNamespace("xades", Xades);
        ns.AddNamespace("ds", Dsig);
        var properties = signature.SelectSingleNode(".//xades:SignedProperties", ns) as XmlElement;
        var id = properties?.GetAttribute("Id");
        var referenced = signed.SignedInfo!.References.Cast<Reference>().Any(r => r.Uri == "#" + id);
        if (properties is null || string.IsNullOrEmpty(id) || !referenced)
        {
            throw new AuthRejection(9105, "Nieprawidłowy podpis.", "The signature is not XAdES: no signed SignedProperties.");
        }
        var digest = properties.SelectSingleNode(".//xades:SigningCertificate//xades:CertDigest/ds:DigestValue", ns)?.InnerText
            ?? properties.SelectSingleNode(".//xades:SigningCertificateV2//xades:CertDigest/ds:DigestValue", ns)?.InnerText;
        var method = properties.SelectSingleNode(".//xades:CertDigest/ds:DigestMethod/@Algorithm", ns)?.Value ?? "";
        var expected = AllowedDigests.GetValueOrDefault(method, SHA256.HashData)(certificate.RawData);
        if (digest is null || digest.Trim() != Convert.ToBase64String(expected))
        {
            throw new AuthRejection(9105, "Nieprawidłowy podpis.", "SigningCertificate does not name the certificate in KeyInfo.");
        }
    }

    private static XmlElement EnvelopedRequest(XmlElement signature)
    {
        foreach (XmlNode node in signature.ChildNodes)
        {
            if (node is XmlElement { LocalName: "Object", NamespaceURI: Dsig } obj)
            {
                var request = obj.ChildNodes.OfType<XmlElement>().FirstOrDefault(e => e.LocalName == "AuthTokenRequest");
                if (request is not null)
                {
                    return (XmlElement)request.CloneNode(deep: true);
                }
            }
        }
        throw new AuthRejection(9101, "Nieprawidłowy dokument.", "The enveloping signature holds no AuthTokenRequest.");
    }

    private static void ValidateAgainstXsd(XmlElement request)
    {
        if (!Schemas.Value.TryGetValue(request.NamespaceURI, out var schemas) || request.LocalName != "AuthTokenRequest")
        {
            throw new AuthRejection(21401, "Dokument nie jest zgodny ze schemą (xsd).",
                $"Root element {{{request.NamespaceURI}}}{request.LocalName} is not an AuthTokenRequest of version 2.0 or 2.1.");
        }
        var document = new XmlDocument();
        document.AppendChild(document.ImportNode(request, deep: true));
        document.Schemas = schemas;
        var problems = new List<string>();
        document.Validate((_, e) => problems.Add(e.Message));
        if (problems.Count > 0)
        {
            throw new AuthRejection(21401, "Dokument nie jest zgodny ze schemą (xsd).", [.. problems]);
        }
    }

    private static Dictionary<string, XmlSchemaSet> LoadSchemas()
    {
        XmlSchemaSet Load(string resource, string targetNamespace)
        {
            using var stream = typeof(XadesVerifier).Assembly.GetManifestResourceStream(resource)!;
            var set = new XmlSchemaSet { XmlResolver = null };
            set.Add(targetNamespace, XmlReader.Create(stream));
            set.Compile();
            return set;
        }
        return new()
        {
            [Namespace20] = Load("schemat_auth_v2-0.xsd", Namespace20),
            [Namespace21] = Load("schemat_auth_v2-1.xsd", Namespace21),
        };
    }
}
