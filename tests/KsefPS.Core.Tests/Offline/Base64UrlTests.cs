using System.Security.Cryptography;
using KsefPS.Core.Offline;

namespace KsefPS.Core.Tests.Offline;

public class Base64UrlTests
{
    [Fact]
    public void Encodes_every_length_as_the_framework_does_in_the_URL_alphabet_without_padding()
    {
        for (var length = 0; length <= 300; length++)
        {
            var bytes = RandomNumberGenerator.GetBytes(length);
            var expected = Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            var encoded = Base64Url.Encode(bytes);
            Assert.Equal(expected, encoded);
            Assert.Equal(bytes, Base64Url.Decode(encoded));
        }
    }

    [Fact]
    public void Every_six_bit_value_has_its_own_character()
    {
        // 0x00 0x10 0x83 0x10 0x51 0x87 … : each three bytes hold four consecutive six-bit values, 0 to 63.
        var bytes = new byte[48];
        for (var value = 0; value < 64; value += 4)
        {
            var group = (value << 18) | ((value + 1) << 12) | ((value + 2) << 6) | (value + 3);
            bytes[value / 4 * 3] = (byte)(group >> 16);
            bytes[value / 4 * 3 + 1] = (byte)(group >> 8);
            bytes[value / 4 * 3 + 2] = (byte)group;
        }
        Assert.Equal("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", Base64Url.Encode(bytes));
    }
}
