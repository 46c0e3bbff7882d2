namespace KsefPS.Core.Offline.Qr;

/// <summary>
/// The codeword sequence of a byte-mode symbol: mode, optional ECI, count, data, terminator and padding, split into
/// blocks, each followed by its Reed–Solomon codewords, and interleaved (ISO/IEC 18004 §7.4–7.6).
/// </summary>
internal static class QrCodewords
{
    private const int ByteMode = 0b0100;
    private const int EciMode = 0b0111;

    /// <summary>Bits the payload needs in <paramref name="version"/>.</summary>
    public static int BitLength(QrVersion version, int byteCount, int? eci) =>
        (eci is null ? 0 : 4 + 8) + 4 + version.ByteCountBits + 8 * byteCount;

    public static byte[] Build(QrVersion version, ReadOnlySpan<byte> payload, int? eci)
    {
        var data = new byte[version.DataCodewords];
        var writer = new BitWriter(data);
        if (eci is int designator)
        {
            writer.Write(EciMode, 4);
            writer.Write(designator, 8); // designators below 128 take one byte
        }
        writer.Write(ByteMode, 4);
        writer.Write(payload.Length, version.ByteCountBits);
        foreach (var b in payload)
        {
            writer.Write(b, 8);
        }
        writer.Write(0, Math.Min(4, data.Length * 8 - writer.Position)); // terminator
        var padded = (writer.Position + 7) / 8;
        for (var i = padded; i < data.Length; i++)
        {
            data[i] = (i - padded) % 2 == 0 ? (byte)0xEC : (byte)0x11;
        }
        return Interleave(version, data);
    }

    private static byte[] Interleave(QrVersion version, byte[] data)
    {
        var eccLength = version.EccCodewordsPerBlock;
        var shortData = version.ShortBlockDataCodewords;
        var result = new byte[version.TotalCodewords];
        Span<byte> ecc = stackalloc byte[eccLength];
        var offset = 0;
        for (var block = 0; block < version.Blocks; block++)
        {
            var length = shortData + (block < version.ShortBlocks ? 0 : 1);
            var blockData = data.AsSpan(offset, length);
            offset += length;
            // Data codeword i of every block comes before codeword i + 1 of any block; short blocks skip the last round.
            for (var i = 0; i < length; i++)
            {
                var position = i < shortData ? i * version.Blocks + block : shortData * version.Blocks + block - version.ShortBlocks;
                result[position] = blockData[i];
            }
            ReedSolomon.Remainder(blockData, ecc);
            for (var i = 0; i < eccLength; i++)
            {
                result[version.DataCodewords + i * version.Blocks + block] = ecc[i];
            }
        }
        return result;
    }

    private ref struct BitWriter(Span<byte> target)
    {
        private readonly Span<byte> _target = target;

        public int Position { get; private set; }

        public void Write(int value, int bits)
        {
            for (var bit = bits - 1; bit >= 0; bit--)
            {
                if (((value >> bit) & 1) != 0)
                {
                    _target[Position >> 3] |= (byte)(0x80 >> (Position & 7));
                }
                Position++;
            }
        }
    }
}
