using System.Security.Cryptography;
using Net.Pkcs11Interop.Common;

namespace KsefPS.Core.Pkcs11;

/// <summary>
/// An RSA private key on a token: the hash is made here, the signature on the token (CKM_RSA_PKCS over the DigestInfo,
/// CKM_RSA_PKCS_PSS over the hash). The public half comes from the certificate; the private half cannot be exported.
/// </summary>
internal sealed class Pkcs11RsaKey : RSA
{
    // DER DigestInfo header for SHA-256 (RFC 8017 §9.2, note 1); the hash follows it.
    private static readonly byte[] Sha256DigestInfo = Convert.FromHexString("3031300d060960864801650304020105000420");

    private readonly Pkcs11PrivateKey _key;
    private readonly RSAParameters _public;

    public Pkcs11RsaKey(Pkcs11PrivateKey key, RSAParameters publicParameters)
    {
        _key = key;
        _public = publicParameters;
        KeySizeValue = publicParameters.Modulus!.Length * 8;
        LegalKeySizesValue = [new KeySizes(KeySizeValue, KeySizeValue, 0)];
    }

    public override RSAParameters ExportParameters(bool includePrivateParameters) =>
        includePrivateParameters ? throw Pkcs11Keys.NotExportable(_key.Who) : _public;

    public override void ImportParameters(RSAParameters parameters) => throw new NotSupportedException("A key on a token cannot be replaced.");

    public override byte[] SignHash(byte[] hash, HashAlgorithmName hashAlgorithm, RSASignaturePadding padding)
    {
        if (hashAlgorithm != HashAlgorithmName.SHA256 || hash.Length != 32)
        {
            throw new CryptographicException($"Keys on a token sign SHA-256 hashes here, not {hashAlgorithm}.");
        }
        return padding.Mode switch
        {
            RSASignaturePaddingMode.Pkcs1 => _key.Sign(CKM.CKM_RSA_PKCS, [.. Sha256DigestInfo, .. hash]),
            RSASignaturePaddingMode.Pss => _key.Sign(CKM.CKM_RSA_PKCS_PSS, hash, parameters => parameters.CreateCkRsaPkcsPssParams(
                ConvertUtils.UInt64FromCKM(CKM.CKM_SHA256), ConvertUtils.UInt64FromCKG(CKG.CKG_MGF1_SHA256), (ulong)hash.Length)),
            _ => throw new CryptographicException($"RSA padding {padding} is not one KSeF uses."),
        };
    }

    public override bool VerifyHash(byte[] hash, byte[] signature, HashAlgorithmName hashAlgorithm, RSASignaturePadding padding)
    {
        using var publicKey = RSA.Create(_public);
        return publicKey.VerifyHash(hash, signature, hashAlgorithm, padding);
    }

    protected override byte[] HashData(byte[] data, int offset, int count, HashAlgorithmName hashAlgorithm) =>
        Pkcs11Keys.Hash(data.AsSpan(offset, count), hashAlgorithm);

    protected override byte[] HashData(Stream data, HashAlgorithmName hashAlgorithm) => Pkcs11Keys.Hash(data, hashAlgorithm);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _key.Release();
        }
        base.Dispose(disposing);
    }
}
