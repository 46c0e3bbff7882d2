using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using KsefPS.Core.Errors;

namespace KsefPS.Core.Certificates.Enrollment;

/// <summary>
/// PKCS#10 requests KSeF accepts (BRIEF §2.3, §6.3): exactly the enrollment data as subject, RSA-2048 signed with
/// RSASSA-PSS SHA-256 or EC P-256 with ECDSA SHA-256, no attributes or extensions.
/// </summary>
public static class CsrBuilder
{
    public sealed record Result(AsymmetricAlgorithm PrivateKey, byte[] Der);

    public static Result Build(EnrollmentData data, KeyAlgorithm algorithm)
    {
        AsymmetricAlgorithm key = algorithm == KeyAlgorithm.Rsa2048 ? RSA.Create(2048) : ECDsa.Create(ECCurve.NamedCurves.nistP256);
        try
        {
            return new Result(key, Sign(data, key));
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <summary>The request signed by <paramref name="key"/> wherever it lives (a key made on a token signs there).</summary>
    public static byte[] Sign(EnrollmentData data, AsymmetricAlgorithm key)
    {
        var subject = Subject(data);
        var request = key is RSA rsa
            ? new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pss)
            : new CertificateRequest(subject, (ECDsa)key, HashAlgorithmName.SHA256);
        var der = request.CreateSigningRequest();
        EnsureSubjectIs(der, data);
        return der;
    }

    public static X500DistinguishedName Subject(EnrollmentData data)
    {
        // X500DistinguishedNameBuilder encodes in reverse order of addition: add last-first to get the official order.
        var builder = new X500DistinguishedNameBuilder();
        foreach (var (oid, value, printable) in data.Attributes.Reverse())
        {
            builder.Add(oid, value, printable ? UniversalTagNumber.PrintableString : UniversalTagNumber.UTF8String);
        }
        return builder.Build();
    }

    /// <summary>A last check before anything is sent: the request's subject is exactly the enrollment data.</summary>
    public static void EnsureSubjectIs(byte[] csrDer, EnrollmentData data)
    {
        var loaded = CertificateRequest.LoadSigningRequest(csrDer, HashAlgorithmName.SHA256, CertificateRequestLoadOptions.Default);
        var actual = loaded.SubjectName.EnumerateRelativeDistinguishedNames(reversed: false)
            .Select(r => (r.GetSingleElementType().Value ?? "", r.GetSingleElementValue() ?? "")).ToList();
        var expected = data.Attributes.Select(a => (a.Oid, a.Value)).ToList();
        if (!actual.SequenceEqual(expected))
        {
            throw new KsefException(ErrorIds.CsrSubjectMismatch, KsefErrorKind.InvalidData,
                $"The certificate request's subject ({loaded.SubjectName.Name}) is not the enrollment data KSeF gave; nothing was sent.");
        }
    }
}
