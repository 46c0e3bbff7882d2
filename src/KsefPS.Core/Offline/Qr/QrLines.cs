namespace KsefPS.Core.Offline.Qr;

/// <summary>
/// A symbol as bit rows and bit columns, for scoring masks many modules at a time. Each line is <see cref="Words"/>
/// words: bit 4 + i is module i, the four bits on either side the light quiet zone, and at least one light word after
/// the last module, so a line can be read at any offset up to 63 without leaving it.
/// </summary>
internal sealed class QrLines
{
    private const int QuietZone = QrCode.QuietZone;

    public QrLines(int size)
    {
        Size = size;
        Chunks = (size + 2 * QuietZone + 63) / 64;
        Words = Chunks + 1;
        Rows = new ulong[size * Words];
        Columns = new ulong[size * Words];
    }

    public int Size { get; }

    /// <summary>Words holding modules or quiet zone; each line has one more, light.</summary>
    public int Chunks { get; }
    public int Words { get; }
    public ulong[] Rows { get; }
    public ulong[] Columns { get; }

    public static QrLines From(ReadOnlySpan<byte> modules, int size)
    {
        var lines = new QrLines(size);
        for (var y = 0; y < size; y++)
        {
            var row = modules.Slice(y * size, size);
            var yBit = QuietZone + y;
            for (var x = 0; x < size; x++)
            {
                var dark = (ulong)(row[x] & 1);
                var xBit = QuietZone + x;
                lines.Rows[y * lines.Words + (xBit >> 6)] |= dark << (xBit & 63);
                lines.Columns[x * lines.Words + (yBit >> 6)] |= dark << (yBit & 63);
            }
        }
        return lines;
    }

    public void Set(int x, int y, bool dark)
    {
        Set(Rows, y * Words, x, dark);
        Set(Columns, x * Words, y, dark);
    }

    /// <summary>This XOR <paramref name="other"/> into <paramref name="result"/>, all of one size.</summary>
    public void Xor(QrLines other, QrLines result)
    {
        for (var i = 0; i < Rows.Length; i++)
        {
            result.Rows[i] = Rows[i] ^ other.Rows[i];
            result.Columns[i] = Columns[i] ^ other.Columns[i];
        }
    }

    private static void Set(ulong[] words, int line, int module, bool dark)
    {
        var bit = QuietZone + module;
        var mask = 1UL << (bit & 63);
        ref var word = ref words[line + (bit >> 6)];
        word = dark ? word | mask : word & ~mask;
    }
}
