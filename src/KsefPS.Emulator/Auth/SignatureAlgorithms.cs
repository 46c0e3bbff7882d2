using System.Security.Cryptography;

namespace KsefPS.Emulator.Auth;

/// <summary>
/// SignatureDescriptions SignedXml lacks: ECDSA with raw R‖S values and RSASSA-PSS (salt = digest length), the
/// algorithms of BRIEF §3.3. Registered once per process.
/// </summary>
public static class SignatureAlgorithms
{
    private static int _registered;

    public static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) != 0)
        {
            return;
        }
        CryptoConfig.AddAlgorithm(typeof(EcdsaSha256), "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256");
        CryptoConfig.AddAlgorithm(typeof(EcdsaSha384), "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384");
        CryptoConfig.AddAlgorithm(typeof(EcdsaSha512), "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512");
        CryptoConfig.AddAlgorithm(typeof(RsaPssSha256), "http://www.w3.org/2007/05/xmldsig-more#sha256-rsa-MGF1");
        CryptoConfig.AddAlgorithm(typeof(RsaPssSha384), "http://www.w3.org/2007/05/xmldsig-more#sha384-rsa-MGF1");
        CryptoConfig.AddAlgorithm(typeof(RsaPssSha512), "http://www.w3.org/2007/05/xmldsig-more#sha512-rsa-MGF1");
    }

    public abstract class Ecdsa : SignatureDescription
    {
        private readonly HashAlgorithmName hash;

        protected Ecdsa(HashAlgorithmName hash)
        {
            this.hash = hash;
            KeyAlgorithm = typeof(ECDsa).AssemblyQualifiedName;
        }

        public override HashAlgorithm CreateDigest() => Hash(hash);
        public override AsymmetricSignatureDeformatter CreateDeformatter(AsymmetricAlgorithm key) => new Verifier(sig => ((ECDsa)key).VerifyHash(sig.Hash, sig.Signature));
        public override AsymmetricSignatureFormatter CreateFormatter(AsymmetricAlgorithm key) => throw new NotSupportedException("The emulator only verifies.");
    }

    public abstract class RsaPss : SignatureDescription
    {
        private readonly HashAlgorithmName hash;

        protected RsaPss(HashAlgorithmName hash)
        {
            this.hash = hash;
            KeyAlgorithm = typeof(RSA).AssemblyQualifiedName;
        }

        public override HashAlgorithm CreateDigest() => Hash(hash);
        public override AsymmetricSignatureDeformatter CreateDeformatter(AsymmetricAlgorithm key) =>
            new Verifier(sig => ((RSA)key).VerifyHash(sig.Hash, sig.Signature, hash, RSASignaturePadding.Pss));
        public override AsymmetricSignatureFormatter CreateFormatter(AsymmetricAlgorithm key) => throw new NotSupportedException("The emulator only verifies.");
    }

    public sealed class EcdsaSha256() : Ecdsa(HashAlgorithmName.SHA256);
    public sealed class EcdsaSha384() : Ecdsa(HashAlgorithmName.SHA384);
    public sealed class EcdsaSha512() : Ecdsa(HashAlgorithmName.SHA512);
    public sealed class RsaPssSha256() : RsaPss(HashAlgorithmName.SHA256);
    public sealed class RsaPssSha384() : RsaPss(HashAlgorithmName.SHA384);
    public sealed class RsaPssSha512() : RsaPss(HashAlgorithmName.SHA512);

    private static HashAlgorithm Hash(HashAlgorithmName name) =>
        name == HashAlgorithmName.SHA384 ? SHA384.Create() : name == HashAlgorithmName.SHA512 ? SHA512.Create() : SHA256.Create();

    private sealed class Verifier(Func<(byte[] Hash, byte[] Signature), bool> verify) : AsymmetricSignatureDeformatter
    {
        public override void SetKey(AsymmetricAlgorithm key) { }
        public override void SetHashAlgorithm(string strName) { }
        public override bool VerifySignature(byte[] rgbHash, byte[] rgbSignature) => verify((rgbHash, rgbSignature));
    }
}
