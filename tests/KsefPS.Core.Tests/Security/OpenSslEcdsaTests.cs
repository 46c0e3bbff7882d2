using System.Formats.Asn1;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using KsefPS.Core.Security;

namespace KsefPS.Core.Tests.Security;

/// <summary>
/// A P-256 key signing through a kept OpenSSL context signs exactly as the key it wraps (every signature verifies with the
/// public key alone), and anything it is not sure of is left to .NET: other curves, a PKCS#8 of another key, other
/// platforms.
/// </summary>
public sealed class OpenSslEcdsaTests
{
    private static bool Applies => OperatingSystem.IsLinux() && Environment.Is64BitProcess && SafeEvpPKeyHandle.OpenSslVersion >> 28 == 3;

    private static (ECDsa Key, byte[] Pkcs8) NewKey(ECCurve curve)
    {
        var key = ECDsa.Create(curve);
        return (key, key.ExportPkcs8PrivateKey());
    }

    /// <summary>The key wrapped where wrapping applies (it must then succeed), else the key itself, so each test says the same everywhere.</summary>
    private static ECDsa Kept(ECDsa key, byte[] pkcs8)
    {
        var wrapped = OpenSslEcdsa.TryWrap(key, pkcs8);
        Assert.Equal(Applies, wrapped is not null);
        return wrapped ?? key;
    }

    private static ECDsa PublicOnly(ECDsa key)
    {
        var verifier = ECDsa.Create();
        verifier.ImportSubjectPublicKeyInfo(key.ExportSubjectPublicKeyInfo(), out _);
        return verifier;
    }

    [Fact]
    public void Every_signature_verifies_with_the_public_key_in_both_formats()
    {
        var (key, pkcs8) = NewKey(ECCurve.NamedCurves.nistP256);
        using var verifier = PublicOnly(key);
        using var wrapped = Kept(key, pkcs8);

        var signatures = new HashSet<string>();
        for (var i = 0; i < 300; i++)
        {
            var data = Encoding.UTF8.GetBytes($"qr-test.ksef.mf.gov.pl/certificate/Nip/5265877635/5265877635/01F20A5D352AE590/{i}");
            var p1363 = wrapped.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
            var der = wrapped.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

            Assert.Equal(64, p1363.Length);
            Assert.True(verifier.VerifyData(data, p1363, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
            Assert.True(verifier.VerifyData(data, der, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
            Assert.False(verifier.VerifyData((byte[])[.. data, 0], p1363, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
            Assert.True(signatures.Add(Convert.ToHexString(p1363)), "ECDSA draws a new nonce for every signature");
        }
        var hash = SHA256.HashData("hash"u8);
        Assert.True(verifier.VerifyHash(hash, wrapped.SignHash(hash)));
    }

    [Fact]
    public void Verifying_and_exporting_are_the_wrapped_keys()
    {
        var (key, pkcs8) = NewKey(ECCurve.NamedCurves.nistP256);
        var expected = key.ExportParameters(true);
        using var wrapped = Kept(key, pkcs8);

        var exported = wrapped.ExportParameters(true);
        Assert.Equal(expected.D, exported.D);
        Assert.Equal(expected.Q.X, exported.Q.X);
        Assert.Equal(256, wrapped.KeySize);
        var data = "invoice"u8.ToArray();
        Assert.True(wrapped.VerifyData(data, wrapped.SignData(data, HashAlgorithmName.SHA256), HashAlgorithmName.SHA256));
    }

    [Theory]
    [InlineData("1.3.132.0.34")]          // P-384
    [InlineData("1.3.36.3.3.2.8.1.1.7")]  // brainpoolP256r1: 256 bits, another curve
    public void Other_curves_are_left_to_dotnet(string curve)
    {
        var (key, pkcs8) = NewKey(ECCurve.CreateFromValue(curve));
        using (key)
        {
            Assert.Null(OpenSslEcdsa.TryWrap(key, pkcs8));
            Assert.True(key.VerifyHash(new byte[32], key.SignHash(new byte[32])), "the key is left usable");
        }
    }

    [Fact]
    public void A_pkcs8_of_another_key_is_refused()
    {
        var (key, _) = NewKey(ECCurve.NamedCurves.nistP256);
        var (other, otherPkcs8) = NewKey(ECCurve.NamedCurves.nistP256);
        using (key)
        using (other)
        {
            Assert.Null(OpenSslEcdsa.TryWrap(key, otherPkcs8));
            Assert.Null(OpenSslEcdsa.TryWrap(key, [0x30, 0x03, 0x02, 0x01, 0x00]));
        }
    }

    [Fact]
    public void Threads_each_with_their_own_key_sign_correctly_at_once()
    {
        var (key, pkcs8) = NewKey(ECCurve.NamedCurves.nistP256);
        using var verifier = PublicOnly(key);
        var failures = 0;
        Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, thread =>
        {
            using var own = Kept(KeyFrom(pkcs8), pkcs8);
            for (var i = 0; i < 250; i++)
            {
                var data = Encoding.UTF8.GetBytes($"{thread}/{i}");
                if (!verifier.VerifyData(data, own.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation),
                        HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation))
                {
                    Interlocked.Increment(ref failures);
                }
            }
        });
        key.Dispose();
        Assert.Equal(0, failures);
    }

    [Fact]
    public void A_disposed_key_does_not_sign()
    {
        var (key, pkcs8) = NewKey(ECCurve.NamedCurves.nistP256);
        var wrapped = Kept(key, pkcs8);
        wrapped.Dispose();

        Assert.ThrowsAny<ObjectDisposedException>(() => wrapped.SignHash(new byte[32]));
    }

    [Theory]
    [InlineData(32, 32)]
    [InlineData(31, 32)]  // a short r is left-padded
    [InlineData(32, 1)]
    [InlineData(20, 30)]
    public void A_der_signature_becomes_r_and_s_of_32_bytes(int rBytes, int sBytes)
    {
        for (var round = 0; round < 50; round++)
        {
            var r = RandomUnsigned(rBytes);
            var s = RandomUnsigned(sBytes);
            var writer = new AsnWriter(AsnEncodingRules.DER);
            using (writer.PushSequence())
            {
                writer.WriteIntegerUnsigned(r);
                writer.WriteIntegerUnsigned(s);
            }
            var rs = new byte[64];

            Assert.True(OpenSslEcdsa.FromDer(writer.Encode(), rs));
            Assert.Equal(Padded(r), rs[..32]);
            Assert.Equal(Padded(s), rs[32..]);
        }
    }

    [Theory]
    [InlineData("3006020101020101", true)]
    [InlineData("3007020101020101", false)]          // the sequence's length is wrong
    [InlineData("300702010102010100", false)]        // something after s
    [InlineData("3006020181020101", false)]          // r negative
    [InlineData("300702020001020101", false)]        // r not minimal
    [InlineData("3006040101020101", false)]          // r not an INTEGER
    [InlineData("3006020101020201", false)]          // s runs past the end
    public void Only_a_strict_der_signature_is_taken(string hex, bool taken)
    {
        Assert.Equal(taken, OpenSslEcdsa.FromDer(Convert.FromHexString(hex), new byte[64]));
    }

    [Fact]
    public void An_integer_longer_than_the_field_is_refused()
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteInteger(BigInteger.One << 264);
            writer.WriteInteger(BigInteger.One);
        }
        Assert.False(OpenSslEcdsa.FromDer(writer.Encode(), new byte[64]));
    }

    private static ECDsa KeyFrom(byte[] pkcs8)
    {
        var key = ECDsa.Create();
        key.ImportPkcs8PrivateKey(pkcs8, out _);
        return key;
    }

    /// <summary>Big-endian bytes whose first byte is not zero.</summary>
    private static byte[] RandomUnsigned(int length)
    {
        var bytes = RandomNumberGenerator.GetBytes(length);
        bytes[0] |= 1;
        return bytes;
    }

    private static byte[] Padded(byte[] value) => [.. new byte[32 - value.Length], .. value];
}
