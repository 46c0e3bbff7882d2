using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using KsefPS.Core.Environments;
using KsefPS.Core.Errors;
using KsefPS.Core.Identifiers;
using KsefPS.Core.Store;

namespace KsefPS.Core.Offline;

/// <summary>
/// KOD I and KOD II (BRIEF §9.2–9.3). KOD II signs "{host}/certificate/{type}/{value}/{sellerNip}/{serial}/{hash}" (the link
/// without https:// and without the signature) with RSASSA-PSS SHA-256 salt 32 or ECDSA P-256 SHA-256 as R‖S.
/// </summary>
public static class VerificationLinks
{
    // Links are put together in stack buffers: only the links themselves reach the heap, not the pieces of each, which in
    // a run of thousands of invoices were as many short-lived strings as the links and brought the collector more often.
    // A longer link than the stack buffer holds goes to the heap as before.
    private const int StackLinkLength = 512;
    private const int MaxSignatureBytes = 512; // RSA-4096; ECDSA P-256 is 64

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static string InvoiceLink(Uri qrBase, string sellerNip, DateOnly issueDate, ReadOnlySpan<byte> sha256)
    {
        Span<char> hash = stackalloc char[Base64Url.EncodedLength(sha256.Length)];
        Base64Url.Encode(sha256, hash);
        Span<char> date = stackalloc char[10];
        DayMonthYear(issueDate, date);
        return string.Create(CultureInfo.InvariantCulture, stackalloc char[StackLinkLength],
            $"{Base(qrBase)}/invoice/{sellerNip}/{(ReadOnlySpan<char>)date}/{(ReadOnlySpan<char>)hash}");
    }

    /// <summary>
    /// KOD I of an invoice known by its facts, as a sent invoice's result or KSeF's metadata gives them: null when the hash
    /// is not a Base64 SHA-256 or the NIP not of KSeF's shape, as values from KSeF or the store may be.
    /// </summary>
    public static string? InvoiceLink(KsefEnvironment environment, string sellerNip, DateOnly issueDate, string hashBase64)
    {
        Span<byte> sha256 = stackalloc byte[SHA256.HashSizeInBytes];
        return Nip.HasKsefShape(sellerNip) && Convert.TryFromBase64String(hashBase64, sha256, out var written) && written == sha256.Length
            ? InvoiceLink(KsefEnvironmentInfo.For(environment).QrUrl, sellerNip, issueDate, sha256)
            : null;
    }

    public static string SignedPart(Uri qrBase, ContextIdentifier context, string sellerNip, string certificateSerial, ReadOnlySpan<byte> sha256) =>
        new(WriteSignedPart(qrBase, context, sellerNip, certificateSerial, sha256, stackalloc char[StackLinkLength]));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static string CertificateLink(Uri qrBase, ContextIdentifier context, string sellerNip, string certificateSerial,
        ReadOnlySpan<byte> sha256, AsymmetricAlgorithm key)
    {
        var signed = WriteSignedPart(qrBase, context, sellerNip, certificateSerial, sha256, stackalloc char[StackLinkLength]);
        Span<byte> signature = stackalloc byte[MaxSignatureBytes];
        var signatureLength = Sign(signed, key, signature);
        Span<char> signatureText = stackalloc char[Base64Url.EncodedLength(signatureLength)];
        Base64Url.Encode(signature[..signatureLength], signatureText);
        return string.Create(CultureInfo.InvariantCulture, stackalloc char[StackLinkLength * 2],
            $"{qrBase.Scheme}://{signed}/{(ReadOnlySpan<char>)signatureText}");
    }

    /// <summary>"{host}/certificate/{type}/{value}/{sellerNip}/{serial}/{hash}", what KOD II signs, written to <paramref name="buffer"/> or, when longer, to the heap.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static ReadOnlySpan<char> WriteSignedPart(Uri qrBase, ContextIdentifier context, string sellerNip, string certificateSerial,
        ReadOnlySpan<byte> sha256, Span<char> buffer)
    {
        Span<char> hash = stackalloc char[Base64Url.EncodedLength(sha256.Length)];
        Base64Url.Encode(sha256, hash);
        var port = qrBase.IsDefaultPort ? "" : ":" + qrBase.Port.ToString(CultureInfo.InvariantCulture);
        int length;
        while (!buffer.TryWrite(CultureInfo.InvariantCulture,
            $"{qrBase.Host}{port}/certificate/{context.Type.ToString()}/{context.Value}/{sellerNip}/{certificateSerial}/{(ReadOnlySpan<char>)hash}", out length))
        {
            buffer = new char[buffer.Length * 2];
        }
        return buffer[..length];
    }

    /// <summary>Signs the UTF-8 of <paramref name="signedPart"/> as KOD II wants it; answers the signature's length.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Sign(ReadOnlySpan<char> signedPart, AsymmetricAlgorithm key, Span<byte> signature)
    {
        Span<byte> data = signedPart.Length <= StackLinkLength ? stackalloc byte[StackLinkLength * 3] : new byte[Encoding.UTF8.GetMaxByteCount(signedPart.Length)];
        var length = Encoding.UTF8.GetBytes(signedPart, data);
        return key switch
        {
            RSA rsa => rsa.SignData(data[..length], signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pss),
            ECDsa ec => ec.SignData(data[..length], signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation),
            _ => throw new KsefException(ErrorIds.CertificateKeyUnsupported, KsefErrorKind.InvalidData, "KOD II is signed with RSA or EC keys only."),
        };
    }

    /// <summary>"dd-MM-yyyy", as KOD I carries the issue date, without .NET's date formatting (generic code a fresh process runs unoptimized).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DayMonthYear(DateOnly date, Span<char> text)
    {
        TwoDigits(date.Day, text);
        text[2] = '-';
        TwoDigits(date.Month, text[3..]);
        text[5] = '-';
        TwoDigits(date.Year / 100, text[6..]);
        TwoDigits(date.Year % 100, text[8..]);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void TwoDigits(int value, Span<char> text)
    {
        text[0] = (char)('0' + value / 10);
        text[1] = (char)('0' + value % 10);
    }

    /// <summary>The parts of a KOD II link.</summary>
    public sealed record CertificateLinkParts(Uri QrBase, ContextIdentifierType ContextType, string ContextValue, string SellerNip,
        string CertificateSerial, byte[] Sha256, byte[] Signature, string SignedPart);

    public static CertificateLinkParts ParseCertificateLink(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            throw Invalid(url, "it is not an absolute URL");
        }
        var segments = uri.AbsolutePath.Trim('/').Split('/');
        if (segments.Length != 7 || segments[0] != "certificate" || !Enum.TryParse<ContextIdentifierType>(segments[1], out var type))
        {
            throw Invalid(url, "a KOD II link is {host}/certificate/{type}/{value}/{sellerNip}/{serial}/{hash}/{signature}");
        }
        try
        {
            var qrBase = new Uri($"{uri.Scheme}://{uri.Authority}");
            var hash = Base64Url.Decode(segments[5]);
            var signedPart = $"{uri.Authority}/certificate/{segments[1]}/{segments[2]}/{segments[3]}/{segments[4]}/{segments[5]}";
            return hash.Length == 32
                ? new CertificateLinkParts(qrBase, type, segments[2], segments[3], segments[4], hash, Base64Url.Decode(segments[6]), signedPart)
                : throw Invalid(url, "the invoice hash is not 32 bytes");
        }
        catch (FormatException)
        {
            throw Invalid(url, "the hash or the signature is not Base64URL");
        }
    }

    /// <summary>Verifies the signature of a KOD II link with the certificate's public key (P1363 or DER for ECDSA).</summary>
    public static bool VerifySignature(CertificateLinkParts link, X509Certificate2 certificate)
    {
        var data = Encoding.UTF8.GetBytes(link.SignedPart);
        using var rsa = certificate.GetRSAPublicKey();
        if (rsa is not null)
        {
            return rsa.VerifyData(data, link.Signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pss);
        }
        using var ec = certificate.GetECDsaPublicKey();
        return ec is not null && (ec.VerifyData(data, link.Signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation)
            || ec.VerifyData(data, link.Signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
    }

    /// <summary>
    /// The serial as KOD II carries it, as the official client writes it: .NET's SerialNumber, the hex of the DER
    /// INTEGER's content octets, keeping the leading 00 byte that a serial whose first byte has its top bit set is
    /// encoded with (KSeF prints its serials without it: <see cref="StoredCertificate.SerialHex"/>).
    /// </summary>
    public static string SerialOf(X509Certificate2 certificate) => certificate.SerialNumber.ToUpperInvariant();

    /// <summary>Whether a link's serial names the certificate, written with its leading 00 byte or without it.</summary>
    public static bool SerialMatches(string linkSerial, X509Certificate2 certificate) =>
        string.Equals(linkSerial, SerialOf(certificate), StringComparison.OrdinalIgnoreCase)
        || string.Equals(linkSerial, StoredCertificate.SerialHex(certificate), StringComparison.OrdinalIgnoreCase);

    private static ReadOnlySpan<char> Base(Uri qrBase) => qrBase.AbsoluteUri.AsSpan().TrimEnd('/');

    private static KsefException Invalid(string url, string why) =>
        new(ErrorIds.LinkInvalid, KsefErrorKind.InvalidArgument, $"'{url}' is not a KOD II link: {why}.", url);
}
