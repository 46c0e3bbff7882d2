using System.Buffers;
using KsefPS.Core.Invoices;

namespace KsefPS.Core.Tests.Invoices;

/// <summary>The scanner's own byte searches against the framework's, on random bytes of every length around the vector width.</summary>
public sealed class XmlByteSearchTests
{
    private static readonly SearchValues<byte> CharactersToCheck = SearchValues.Create(
        [.. Enumerable.Range(0, 0x20).Where(b => b is not ('\t' or '\n' or '\r')).Select(b => (byte)b), 0x7F, 0xC2, .. Enumerable.Range(0xEF, 0x11).Select(b => (byte)b)]);

    private static readonly SearchValues<byte> AsciiNameChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_:-."u8);

    // Bytes the searches skip, with one or two others planted (most of them bytes a search stops at, some near misses)
    // anywhere: at the start, inside a vector, in the tail; or none.
    private static IEnumerable<byte[]> Samples(byte[] common, byte[] planted, int seed)
    {
        var random = new Random(seed);
        for (var length = 0; length <= 70; length++)
        {
            for (var sample = 0; sample < 40; sample++)
            {
                var bytes = new byte[length];
                for (var i = 0; i < length; i++)
                {
                    bytes[i] = common[random.Next(common.Length)];
                }
                for (var plant = random.Next(3); length > 0 && plant > 0; plant--)
                {
                    bytes[random.Next(length)] = random.Next(4) == 0 ? (byte)random.Next(256) : planted[random.Next(planted.Length)];
                }
                yield return bytes;
            }
        }
    }

    [Fact]
    public void Bytes_that_begin_a_character_to_check_are_found_where_the_framework_finds_them()
    {
        var found = 0;
        foreach (var bytes in Samples("<a>\t\n\r ząb\u00FF"u8.ToArray(), [0x00, 0x01, 0x08, 0x0B, 0x0C, 0x0E, 0x1F, 0xEF, 0x20, 0xEE, 0xF0, 0xF4, 0xFF, 0x7F, 0x7E, 0x80, 0xC2, 0xC3], 1))
        {
            var expected = bytes.AsSpan().IndexOfAny(CharactersToCheck);
            Assert.Equal(expected, XmlByteSearch.IndexOfCharacterToCheck(bytes));
            found += expected >= 0 ? 1 : 0;
        }
        Assert.True(found > 1000, "too few samples held a byte to find");
        // Every byte value on its own, in a vector and in the tail.
        for (var value = 0; value < 256; value++)
        {
            var expected = CharactersToCheck.Contains((byte)value) ? 0 : -1;
            Assert.Equal(expected, XmlByteSearch.IndexOfCharacterToCheck(Enumerable.Repeat((byte)value, 16).ToArray()));
            Assert.Equal(expected, XmlByteSearch.IndexOfCharacterToCheck([(byte)value]));
        }
    }

    [Fact]
    public void Any_of_three_bytes_is_found_where_the_framework_finds_it()
    {
        foreach (var bytes in Samples("abc xyz\u00C5\u00BC"u8.ToArray(), "<&]\"'>;["u8.ToArray(), 2))
        {
            Assert.Equal(bytes.AsSpan().IndexOfAny((byte)'<', (byte)'&', (byte)']'), XmlByteSearch.IndexOfAny(bytes, (byte)'<', (byte)'&', (byte)']'));
            Assert.Equal(bytes.AsSpan().IndexOfAny((byte)'"', (byte)'<', (byte)'&'), XmlByteSearch.IndexOfAny(bytes, (byte)'"', (byte)'<', (byte)'&'));
        }
    }

    [Fact]
    public void The_end_of_an_ASCII_name_is_found_where_the_framework_finds_it()
    {
        foreach (var bytes in Samples("aZ09_:-.mQ"u8.ToArray(), " /=>@[`{\u00C5"u8.ToArray(), 3))
        {
            Assert.Equal(bytes.AsSpan().IndexOfAnyExcept(AsciiNameChars), XmlByteSearch.IndexOfAnyExceptAsciiNameChar(bytes));
        }
        // Every byte value on its own, in a vector and in the tail: only the 66 name characters are passed over.
        for (var value = 0; value < 256; value++)
        {
            var expected = AsciiNameChars.Contains((byte)value) ? -1 : 0;
            Assert.Equal(expected, XmlByteSearch.IndexOfAnyExceptAsciiNameChar(Enumerable.Repeat((byte)value, 16).ToArray()));
            Assert.Equal(expected, XmlByteSearch.IndexOfAnyExceptAsciiNameChar([(byte)value]));
        }
    }

    [Fact]
    public void A_byte_is_found_as_the_framework_finds_it()
    {
        foreach (var bytes in Samples("ab:c"u8.ToArray(), ";:"u8.ToArray(), 4))
        {
            Assert.Equal(bytes.AsSpan().IndexOf((byte)';'), XmlByteSearch.IndexOf(bytes, (byte)';'));
        }
    }

    [Fact]
    public void Two_spans_are_equal_only_when_every_byte_is()
    {
        // Every length up to 70 against itself, and against a copy differing in one byte anywhere (by one bit or wholly)
        // or shorter by one: the overlapping reads must miss no byte.
        var random = new Random(5);
        for (var length = 0; length <= 70; length++)
        {
            var bytes = new byte[length + 1];
            random.NextBytes(bytes);
            var a = bytes.AsSpan(1, length);
            Assert.True(XmlByteSearch.Equal(a, bytes.AsSpan(1, length).ToArray()));
            if (length > 0)
            {
                Assert.False(XmlByteSearch.Equal(a, a[..^1]));
            }
            for (var at = 0; at < length; at++)
            {
                var other = a.ToArray();
                other[at] ^= at % 2 == 0 ? (byte)0x01 : (byte)0x80;
                Assert.False(XmlByteSearch.Equal(a, other));
                Assert.False(XmlByteSearch.Equal(other, a));
            }
        }
    }
}
