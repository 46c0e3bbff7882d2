using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using KsefPS.Core.Certificates;
using KsefPS.Core.Errors;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace KsefPS.Core.Pkcs11;

/// <summary>
/// Key pairs made on the token itself — sensitive, never extractable — and certificates written beside them, so the
/// private key exists only inside the token.
/// </summary>
public static class Pkcs11KeyPairs
{
    private const string P256Oid = "1.2.840.10045.3.1.7";

    /// <summary>A key pair generated on the token, the private half usable for signing through the returned key object.</summary>
    public sealed class Generated : IDisposable
    {
        private readonly Pkcs11Token token;

        internal Generated(Pkcs11KeyReference reference, AsymmetricAlgorithm key, Pkcs11Token token)
        {
            Reference = reference;
            Key = key;
            this.token = token;
        }

        public Pkcs11KeyReference Reference { get; }

        /// <summary>Signs on the token; its public half is the generated public key.</summary>
        public AsymmetricAlgorithm Key { get; }

        /// <summary>
        /// Writes <paramref name="certificate"/> to the token beside the key (same CKA_ID and label). False when the token
        /// does not take objects (some cards hold keys only); the store keeps the certificate either way.
        /// </summary>
        public bool WriteCertificate(X509Certificate2 certificate) => Write(token, Reference, certificate);

        public void Dispose() => Key.Dispose();
    }

    /// <summary>
    /// Generates an RSA-2048 or EC P-256 key pair on the token <paramref name="libraryPath"/>/<paramref name="tokenLabel"/>
    /// names, labelled <paramref name="keyLabel"/> with a fresh random CKA_ID.
    /// </summary>
    public static Generated Generate(string libraryPath, string? tokenLabel, string? tokenSerial, KeyAlgorithm algorithm, string keyLabel, Pkcs11Pin pin)
    {
        var who = $"the new key '{keyLabel}'";
        var token = Pkcs11Token.Open(libraryPath, tokenLabel, tokenSerial, pin, who, readWrite: true);
        try
        {
            var id = RandomNumberGenerator.GetBytes(16);
            var attributes = token.Factories.ObjectAttributeFactory;
            var common = new Func<List<IObjectAttribute>>(() => [
                attributes.Create(CKA.CKA_TOKEN, true),
                attributes.Create(CKA.CKA_ID, id),
                attributes.Create(CKA.CKA_LABEL, keyLabel),
            ]);
            var publicTemplate = common();
            publicTemplate.Add(attributes.Create(CKA.CKA_VERIFY, true));
            var privateTemplate = common();
            privateTemplate.AddRange([
                attributes.Create(CKA.CKA_PRIVATE, true),
                attributes.Create(CKA.CKA_SENSITIVE, true),
                attributes.Create(CKA.CKA_EXTRACTABLE, false),
                attributes.Create(CKA.CKA_SIGN, true),
            ]);
            CKM mechanism;
            if (algorithm == KeyAlgorithm.Rsa2048)
            {
                mechanism = CKM.CKM_RSA_PKCS_KEY_PAIR_GEN;
                publicTemplate.Add(attributes.Create(CKA.CKA_MODULUS_BITS, 2048UL));
                publicTemplate.Add(attributes.Create(CKA.CKA_PUBLIC_EXPONENT, new byte[] { 1, 0, 1 }));
            }
            else
            {
                mechanism = CKM.CKM_EC_KEY_PAIR_GEN;
                var curve = new AsnWriter(AsnEncodingRules.DER);
                curve.WriteObjectIdentifier(P256Oid);
                publicTemplate.Add(attributes.Create(CKA.CKA_EC_PARAMS, curve.Encode()));
            }
            var generator = token.Factories.MechanismFactory.Create(Pkcs11Keys.Require(token, mechanism));
            var (publicHandle, privateHandle) = token.Use(session =>
            {
                session.GenerateKeyPair(generator, publicTemplate, privateTemplate, out var pub, out var priv);
                return (pub, priv);
            }, who);
            var reference = new Pkcs11KeyReference(Pkcs11Libraries.ValidPath(libraryPath), token.TokenLabel, token.TokenSerial, id, keyLabel);
            AsymmetricAlgorithm key = algorithm == KeyAlgorithm.Rsa2048
                ? new Pkcs11RsaKey(new Pkcs11PrivateKey(token, privateHandle, who), RsaPublic(token, publicHandle, who))
                : new Pkcs11EcdsaKey(new Pkcs11PrivateKey(token, privateHandle, who), EcPublic(token, publicHandle, who));
            return new Generated(reference, key, token);
        }
        catch
        {
            token.Dispose();
            throw;
        }
    }

    /// <summary>Writes the certificate beside the key <paramref name="reference"/> names; false when the token does not take it.</summary>
    public static bool WriteCertificate(Pkcs11KeyReference reference, X509Certificate2 certificate, Pkcs11Pin pin, string who)
    {
        using var token = Pkcs11Token.Open(reference, pin, who, readWrite: true);
        var existing = token.Use(session => session.FindAllObjects([
            token.Factories.ObjectAttributeFactory.Create(CKA.CKA_CLASS, CKO.CKO_CERTIFICATE),
            token.Factories.ObjectAttributeFactory.Create(CKA.CKA_VALUE, certificate.RawData)]).Count, who);
        return existing > 0 || Write(token, reference, certificate);
    }

    private static bool Write(Pkcs11Token token, Pkcs11KeyReference reference, X509Certificate2 certificate)
    {
        var attributes = token.Factories.ObjectAttributeFactory;
        try
        {
            token.Use(session => session.CreateObject([
                attributes.Create(CKA.CKA_CLASS, CKO.CKO_CERTIFICATE),
                attributes.Create(CKA.CKA_CERTIFICATE_TYPE, CKC.CKC_X_509),
                attributes.Create(CKA.CKA_TOKEN, true),
                attributes.Create(CKA.CKA_PRIVATE, false),
                attributes.Create(CKA.CKA_LABEL, reference.KeyLabel ?? ""),
                attributes.Create(CKA.CKA_ID, reference.KeyId ?? []),
                attributes.Create(CKA.CKA_SUBJECT, certificate.SubjectName.RawData),
                attributes.Create(CKA.CKA_ISSUER, certificate.IssuerName.RawData),
                attributes.Create(CKA.CKA_SERIAL_NUMBER, SerialDer(certificate)),
                attributes.Create(CKA.CKA_VALUE, certificate.RawData),
            ]), reference.Describe());
            return true;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private static RSAParameters RsaPublic(Pkcs11Token token, IObjectHandle handle, string who)
    {
        var values = token.Use(session => session.GetAttributeValue(handle, [CKA.CKA_MODULUS, CKA.CKA_PUBLIC_EXPONENT]), who);
        return new RSAParameters { Modulus = values[0].GetValueAsByteArray(), Exponent = values[1].GetValueAsByteArray() };
    }

    private static ECParameters EcPublic(Pkcs11Token token, IObjectHandle handle, string who)
    {
        var point = token.Use(session => session.GetAttributeValue(handle, [CKA.CKA_EC_POINT])[0].GetValueAsByteArray(), who);
        // PKCS#11 wants the point DER-wrapped in an OCTET STRING; some tokens give it bare.
        if (point.Length > 0 && point[0] == 0x04 && point.Length != 65)
        {
            point = AsnDecoder.ReadOctetString(point, AsnEncodingRules.DER, out _);
        }
        if (point.Length != 65 || point[0] != 0x04)
        {
            throw new KsefException(ErrorIds.CertificateKeyUnsupported, KsefErrorKind.InvalidData,
                $"The token gave a public key for {who} that is not an uncompressed P-256 point.", who);
        }
        return new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = point[1..33], Y = point[33..] },
        };
    }

    private static byte[] SerialDer(X509Certificate2 certificate)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        writer.WriteInteger(certificate.SerialNumberBytes.Span);
        return writer.Encode();
    }
}
