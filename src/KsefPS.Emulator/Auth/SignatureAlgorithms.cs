using System.Security.Cryptography;

namespace KsefPS.Emulator.Auth;

/// <summary>
/// What SignedXml lacks of the algorithms KSeF accepts (BRIEF §3.3, podpis-xades.md): ECDSA with raw R‖S values and
/// RSASSA-PSS (salt = digest length), with SHA-1, SHA-2 or SHA-3 (where the platform has it); SHA-3 digests; Canonical XML 1.1
/// and XPath Filter 2.0 transforms. Registered once per process.
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
        CryptoConfig.AddAlgorithm(typeof(EcdsaSha1), "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha1");
        CryptoConfig.AddAlgorithm(typeof(EcdsaSha256), "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256");
        CryptoConfig.AddAlgorithm(typeof(EcdsaSha384), "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384");
        CryptoConfig.AddAlgorithm(typeof(EcdsaSha512), "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512");
        CryptoConfig.AddAlgorithm(typeof(RsaPssSha1), "http://www.w3.org/2007/05/xmldsig-more#sha1-rsa-MGF1");
        CryptoConfig.AddAlgorithm(typeof(RsaPssSha256), "http://www.w3.org/2007/05/xmldsig-more#sha256-rsa-MGF1");
        CryptoConfig.AddAlgorithm(typeof(RsaPssSha384), "http://www.w3.org/2007/05/xmldsig-more#sha384-rsa-MGF1");
        CryptoConfig.AddAlgorithm(typeof(RsaPssSha512), "http://www.w3.org/2007/05/xmldsig-more#sha512-rsa-MGF1");
        if (SHA3_256.IsSupported)
        {
            CryptoConfig.AddAlgorithm(typeof(EcdsaSha3_256), "http://www.w3.org/2021/04/xmldsig-more#ecdsa-sha3-256");
            CryptoConfig.AddAlgorithm(typeof(EcdsaSha3_384), "http://www.w3.org/2021/04/xmldsig-more#ecdsa-sha3-384");
            CryptoConfig.AddAlgorithm(typeof(EcdsaSha3_512), "http://www.w3.org/2021/04/xmldsig-more#ecdsa-sha3-512");
            CryptoConfig.AddAlgorithm(typeof(RsaPssSha3_256), "http://www.w3.org/2007/05/xmldsig-more#sha3-256-rsa-MGF1");
            CryptoConfig.AddAlgorithm(typeof(RsaPssSha3_384), "http://www.w3.org/2007/05/xmldsig-more#sha3-384-rsa-MGF1");
            CryptoConfig.AddAlgorithm(typeof(RsaPssSha3_512), "http://www.w3.org/2007/05/xmldsig-more#sha3-512-rsa-MGF1");
            CryptoConfig.AddAlgorithm(typeof(Sha3_256Digest), "http://www.w3.org/2007/05/xmldsig-more#sha3-256");
            CryptoConfig.AddAlgorithm(typeof(Sha3_384Digest), "http://www.w3.org/2007/05/xmldsig-more#sha3-384");
            CryptoConfig.AddAlgorithm(typeof(Sha3_512Digest), "http://www.w3.org/2007/05/xmldsig-more#sha3-512");
        }
        CryptoConfig.AddAlgorithm(typeof(Canonical11Transform), Canonical11Transform.Url);
        CryptoConfig.AddAlgorithm(typeof(Canonical11WithCommentsTransform), Canonical11WithCommentsTransform.Url);
        CryptoConfig.AddAlgorithm(typeof(XPathFilter2Transform), XPathFilter2Transform.Url);
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

    public sealed class EcdsaSha1() : Ecdsa(HashAlgorithmName.SHA1);
    public sealed class EcdsaSha256() : Ecdsa(HashAlgorithmName.SHA256);
    public sealed class EcdsaSha384() : Ecdsa(HashAlgorithmName.SHA384);
    public sealed class EcdsaSha512() : Ecdsa(HashAlgorithmName.SHA512);
    public sealed class EcdsaSha3_256() : Ecdsa(HashAlgorithmName.SHA3_256);
    public sealed class EcdsaSha3_384() : Ecdsa(HashAlgorithmName.SHA3_384);
    public sealed class EcdsaSha3_512() : Ecdsa(HashAlgorithmName.SHA3_512);
    public sealed class RsaPssSha1() : RsaPss(HashAlgorithmName.SHA1);
    public sealed class RsaPssSha256() : RsaPss(HashAlgorithmName.SHA256);
    public sealed class RsaPssSha384() : RsaPss(HashAlgorithmName.SHA384);
    public sealed class RsaPssSha512() : RsaPss(HashAlgorithmName.SHA512);
    public sealed class RsaPssSha3_256() : RsaPss(HashAlgorithmName.SHA3_256);
    public sealed class RsaPssSha3_384() : RsaPss(HashAlgorithmName.SHA3_384);
    public sealed class RsaPssSha3_512() : RsaPss(HashAlgorithmName.SHA3_512);

    /// <summary>SHA-3 as SignedXml takes a digest: a HashAlgorithm with a public constructor, which .NET's SHA3 classes lack.</summary>
    public abstract class Sha3Digest(HashAlgorithmName name) : HashAlgorithm
    {
        private IncrementalHash hash = IncrementalHash.CreateHash(name);

        public override void Initialize()
        {
            hash.Dispose();
            hash = IncrementalHash.CreateHash(name);
        }

        protected override void HashCore(byte[] array, int ibStart, int cbSize) => hash.AppendData(array, ibStart, cbSize);
        protected override byte[] HashFinal() => hash.GetHashAndReset();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                hash.Dispose();
            }
            base.Dispose(disposing);
        }
    }

    public sealed class Sha3_256Digest() : Sha3Digest(HashAlgorithmName.SHA3_256);
    public sealed class Sha3_384Digest() : Sha3Digest(HashAlgorithmName.SHA3_384);
    public sealed class Sha3_512Digest() : Sha3Digest(HashAlgorithmName.SHA3_512);

    private static HashAlgorithm Hash(HashAlgorithmName name) => name.Name switch
    {
        "SHA1" => SHA1.Create(),
        "SHA384" => SHA384.Create(),
        "SHA512" => SHA512.Create(),
        "SHA3_256" => new Sha3_256Digest(),
        "SHA3_384" => new Sha3_384Digest(),
        "SHA3_512" => new Sha3_512Digest(),
        _ => SHA256.Create(),
    };

    private sealed class Verifier(Func<(byte[] Hash, byte[] Signature), bool> verify) : AsymmetricSignatureDeformatter
    {
        public override void SetKey(AsymmetricAlgorithm key) { }
        public override void SetHashAlgorithm(string strName) { }
        public override bool VerifySignature(byte[] rgbHash, byte[] rgbSignature) => verify((rgbHash, rgbSignature));
    }
}
