using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography.Xml;
using System.Xml;
using KsefPS.Core.Certificates;

namespace KsefPS.Core.Signing;

/// <summary>
/// Enveloped XAdES-BES signatures in the profile KSeF accepts (BRIEF §3.3): C14N 1.0 SignedInfo, a whole-document
/// reference (enveloped + exclusive C14N) and a SignedProperties reference, SHA-256 digests, RSA-SHA256 (PKCS#1 v1.5)
/// or ECDSA-SHA256 with an R‖S value, the signing certificate in KeyInfo and in SigningCertificate.
/// </summary>
public static class XadesSigner
{
    public const string XadesNamespace = "http://uri.etsi.org/01903/v1.3.2#";
    public const string SignedPropertiesType = "http://uri.etsi.org/01903#SignedProperties";
    private const string SignatureId = "Signature";
    private const string SignedPropertiesId = "SignedProperties";

    /// <summary>Returns the document with the signature appended as the last child of its root element.</summary>
    public static string SignEnveloped(string xml, KeyedCertificate signer, DateTimeOffset? signingTime = null)
    {
        EcdsaSha256SignatureDescription.Register();
        var document = new XmlDocument { PreserveWhitespace = true, XmlResolver = null };
        using (var reader = XmlReader.Create(new StringReader(xml), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null }))
        {
            document.Load(reader);
        }

        var qualifyingProperties = BuildQualifyingProperties(document, signer.Certificate, signingTime ?? DateTimeOffset.UtcNow.AddMinutes(-1));
        var signed = new XadesSignedXml(document, qualifyingProperties) { SigningKey = signer.PrivateKey };
        signed.Signature.Id = SignatureId;
        signed.SignedInfo!.CanonicalizationMethod = SignedXml.XmlDsigC14NTransformUrl;
        signed.SignedInfo.SignatureMethod = signer.PrivateKey is ECDsa
            ? EcdsaSha256SignatureDescription.Algorithm
            : SignedXml.XmlDsigRSASHA256Url;

        var whole = new Reference(string.Empty) { DigestMethod = SignedXml.XmlDsigSHA256Url };
        whole.AddTransform(new XmlDsigEnvelopedSignatureTransform());
        whole.AddTransform(new XmlDsigExcC14NTransform());
        signed.AddReference(whole);

        var properties = new Reference("#" + SignedPropertiesId) { DigestMethod = SignedXml.XmlDsigSHA256Url, Type = SignedPropertiesType };
        properties.AddTransform(new XmlDsigExcC14NTransform());
        signed.AddReference(properties);

        var keyInfo = new KeyInfo();
        keyInfo.AddClause(new KeyInfoX509Data(signer.Certificate));
        signed.KeyInfo = keyInfo;
        signed.AddObject(new DataObject { Data = WrapForObject(qualifyingProperties) });

        signed.ComputeSignature();
        document.DocumentElement!.AppendChild(document.ImportNode(signed.GetXml(), deep: true));
        return document.OuterXml;
    }

    private static XmlNodeList WrapForObject(XmlElement qualifyingProperties)
    {
        var holder = qualifyingProperties.OwnerDocument.CreateElement("holder");
        holder.AppendChild(qualifyingProperties);
        return holder.ChildNodes;
    }

    private static XmlElement BuildQualifyingProperties(XmlDocument owner, X509Certificate2 certificate, DateTimeOffset signingTime)
    {
        var document = new XmlDocument { PreserveWhitespace = true };
        var root = document.CreateElement("xades", "QualifyingProperties", XadesNamespace);
        root.SetAttribute("xmlns", SignedXml.XmlDsigNamespaceUrl);
        root.SetAttribute("Target", "#" + SignatureId);
        document.AppendChild(root);

        var signedProperties = Append(root, "SignedProperties");
        signedProperties.SetAttribute("Id", SignedPropertiesId);
        var signatureProperties = Append(signedProperties, "SignedSignatureProperties");
        Append(signatureProperties, "SigningTime").InnerText = signingTime.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
        var cert = Append(Append(signatureProperties, "SigningCertificate"), "Cert");
        var digest = Append(cert, "CertDigest");
        var method = AppendDsig(digest, "DigestMethod");
        method.SetAttribute("Algorithm", SignedXml.XmlDsigSHA256Url);
        AppendDsig(digest, "DigestValue").InnerText = Convert.ToBase64String(SHA256.HashData(certificate.RawData));
        var issuerSerial = Append(cert, "IssuerSerial");
        AppendDsig(issuerSerial, "X509IssuerName").InnerText = certificate.Issuer;
        AppendDsig(issuerSerial, "X509SerialNumber").InnerText =
            new System.Numerics.BigInteger(certificate.SerialNumberBytes.Span, isUnsigned: true, isBigEndian: true).ToString(CultureInfo.InvariantCulture);
        return (XmlElement)owner.ImportNode(root, deep: true);
    }

    private static XmlElement Append(XmlElement parent, string localName)
    {
        var element = parent.OwnerDocument.CreateElement("xades", localName, XadesNamespace);
        parent.AppendChild(element);
        return element;
    }

    private static XmlElement AppendDsig(XmlElement parent, string localName)
    {
        var element = parent.OwnerDocument.CreateElement(localName, SignedXml.XmlDsigNamespaceUrl);
        parent.AppendChild(element);
        return element;
    }

    /// <summary>Finds SignedProperties inside the not-yet-attached Object while the signature is computed.</summary>
    private sealed class XadesSignedXml(XmlDocument document, XmlElement qualifyingProperties) : SignedXml(document)
    {
        public override XmlElement? GetIdElement(XmlDocument? document, string idValue) =>
            base.GetIdElement(document, idValue)
            ?? qualifyingProperties.SelectSingleNode($"descendant-or-self::*[@Id='{idValue}']") as XmlElement;
    }
}
