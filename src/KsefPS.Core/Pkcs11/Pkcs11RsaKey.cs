using System.Security.Cryptography;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace KsefPS.Core.Pkcs11;

/// <summary>
/// An RSA private key on a token: the hash is made here, the signature on the token (CKM_RSA_PKCS over the DigestInfo,
/// CKM_RSA_PKCS_PSS over the hash). The public half comes from the certificate; the private half cannot be exported.
/// </summary>
internal sealed class Pkcs11RsaKey : RSA
{
    // DER DigestInfo header for SHA-256 (RFC 8017 §9.2, note 1); the hash follows it.
    private static readonly byte[] Sha256DigestInfo = Convert.FromHexString("3031300d060960864801650304020105000420");

    private readonly Pkcs11Token _token;
    private readonly IObjectHandle _handle;
    private readonly RSAParameters _public;
    private readonly string _who;
    private int _disposed;

    public Pkcs11RsaKey(Pkcs11Token token, IObjectHandle handle, RSAParameters publicParameters, string who)
    {
        _token = token;
        _handle = handle;
        _public = publicParameters;
        _who = who;
        KeySizeValue = publicParameters.Modulus!.Length * 8;
        LegalKeySizesValue = [new KeySizes(KeySizeValue, KeySizeValue, 0)];
    }

    public override RSAParameters ExportParameters(bool includePrivateParameters) =>
        includePrivateParameters ? throw Pkcs11Keys.NotExportable(_who) : _public;

    public override void ImportParameters(RSAParameters parameters) => throw new NotSupportedException("A key on a token cannot be replaced.");

    public override byte[] SignHash(byte[] hash, HashAlgorithmName hashAlgorithm, RSASignaturePadding padding)
    {
        if (hashAlgorithm != HashAlgorithmName.SHA256 || hash.Length != 32)
        {
            throw new CryptographicException($"Keys on a token sign SHA-256 hashes here, not {hashAlgorithm}.");
        }
        var factories = _token.Factories;
        return padding.Mode switch
        {
            RSASignaturePaddingMode.Pkcs1 => Sign(factories.MechanismFactory.Create(Pkcs11Keys.Require(_token, CKM.CKM_RSA_PKCS)), [.. Sha256DigestInfo, .. hash]),
            RSASignaturePaddingMode.Pss => Sign(factories.MechanismFactory.Create(Pkcs11Keys.Require(_token, CKM.CKM_RSA_PKCS_PSS),
                factories.MechanismParamsFactory.CreateCkRsaPkcsPssParams(ConvertUtils.UInt64FromCKM(CKM.CKM_SHA256),
                    ConvertUtils.UInt64FromCKG(CKG.CKG_MGF1_SHA256), (ulong)hash.Length)), hash),
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
        // The token counts its users: this key lets go of it once, however often it is disposed.
        if (disposing && Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _token.Dispose();
        }
        base.Dispose(disposing);
    }

    private byte[] Sign(IMechanism mechanism, byte[] input)
    {
        using (mechanism as IDisposable)
        {
            return _token.Use(session => session.Sign(mechanism, _handle, input), _who);
        }
    }
}
