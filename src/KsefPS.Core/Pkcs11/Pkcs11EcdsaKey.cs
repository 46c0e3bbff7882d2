using System.Security.Cryptography;
using Net.Pkcs11Interop.Common;

namespace KsefPS.Core.Pkcs11;

/// <summary>
/// An EC private key on a token: the hash is made here and signed there with CKM_ECDSA, whose answer is r‖s — the
/// IEEE P1363 form .NET's ECDsa.SignHash gives too. The public half comes from the certificate.
/// </summary>
internal sealed class Pkcs11EcdsaKey : ECDsa
{
    private readonly Pkcs11PrivateKey _key;
    private readonly ECParameters _public;

    public Pkcs11EcdsaKey(Pkcs11PrivateKey key, ECParameters publicParameters)
    {
        _key = key;
        _public = publicParameters;
        KeySizeValue = publicParameters.Q.X!.Length * 8;
        LegalKeySizesValue = [new KeySizes(KeySizeValue, KeySizeValue, 0)];
    }

    public override ECParameters ExportParameters(bool includePrivateParameters) =>
        includePrivateParameters ? throw Pkcs11Keys.NotExportable(_key.Who) : _public;

    public override ECParameters ExportExplicitParameters(bool includePrivateParameters) =>
        throw new NotSupportedException("Explicit curve parameters of a key on a token are not exported.");

    public override void ImportParameters(ECParameters parameters) => throw new NotSupportedException("A key on a token cannot be replaced.");

    public override void GenerateKey(ECCurve curve) => throw new NotSupportedException("A key on a token cannot be replaced.");

    public override byte[] SignHash(byte[] hash) => _key.Sign(CKM.CKM_ECDSA, hash);

    public override bool VerifyHash(byte[] hash, byte[] signature)
    {
        using var publicKey = ECDsa.Create(_public);
        return publicKey.VerifyHash(hash, signature);
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
