using System.Security.Cryptography;
using System.Text;
using KsefPS.Core.Errors;
using KsefPS.Core.Store;
using KsefPS.Core.Tests.Support;

namespace KsefPS.Core.Tests.Store;

public class SecretSealerTests
{
    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(32);
    private static readonly byte[] Data = Encoding.UTF8.GetBytes("private key bytes");
    private static readonly byte[] Row = Encoding.ASCII.GetBytes("row-1");

    [Fact]
    public void Round_trip_and_fresh_nonce_each_time()
    {
        var a = SecretSealer.Seal(Key, Data, Row);
        var b = SecretSealer.Seal(Key, Data, Row);
        Assert.NotEqual(a, b);
        Assert.Equal(Data, SecretSealer.Open(Key, a, Row));
        Assert.Equal(1 + 12 + 16 + Data.Length, a.Length);
    }

    [Fact]
    public void Other_row_other_key_or_tampering_fail_with_a_typed_error()
    {
        var blob = SecretSealer.Seal(Key, Data, Row);
        KsefAssert.Fails(ErrorIds.SealedSecretInvalid, () => SecretSealer.Open(Key, blob, Encoding.ASCII.GetBytes("row-2")));
        KsefAssert.Fails(ErrorIds.SealedSecretInvalid, () => SecretSealer.Open(RandomNumberGenerator.GetBytes(32), blob, Row));
        var tampered = (byte[])blob.Clone();
        tampered[^1] ^= 1;
        KsefAssert.Fails(ErrorIds.SealedSecretInvalid, () => SecretSealer.Open(Key, tampered, Row));
        KsefAssert.Fails(ErrorIds.SealedSecretInvalid, () => SecretSealer.Open(Key, blob[..10], Row));
    }
}
