namespace KsefPS.Core.Offline.Qr;

/// <summary>
/// Reed–Solomon error-correction codewords over GF(256) with QR's field polynomial x⁸+x⁴+x³+x²+1 and generator
/// ∏(x − αⁱ), i = 0..n−1.
/// </summary>
internal static class ReedSolomon
{
    private static readonly byte[] Exp = new byte[512];
    private static readonly byte[] Log = new byte[256];
    private static readonly byte[]?[] Generators = new byte[256][];

    static ReedSolomon()
    {
        var value = 1;
        for (var i = 0; i < 255; i++)
        {
            Exp[i] = (byte)value;
            Log[value] = (byte)i;
            value <<= 1;
            if (value > 0xFF)
            {
                value ^= 0x11D;
            }
        }
        for (var i = 255; i < Exp.Length; i++)
        {
            Exp[i] = Exp[i - 255];
        }
    }

    /// <summary>Writes the remainder of data·xⁿ divided by the generator of degree n = <c>ecc.Length</c>.</summary>
    public static void Remainder(ReadOnlySpan<byte> data, Span<byte> ecc)
    {
        var generator = Generator(ecc.Length);
        ecc.Clear();
        foreach (var codeword in data)
        {
            var factor = codeword ^ ecc[0];
            ecc[1..].CopyTo(ecc);
            ecc[^1] = 0;
            if (factor == 0)
            {
                continue;
            }
            var logFactor = Log[factor];
            for (var i = 0; i < ecc.Length; i++)
            {
                var coefficient = generator[i];
                if (coefficient != 0)
                {
                    ecc[i] ^= Exp[logFactor + Log[coefficient]];
                }
            }
        }
    }

    /// <summary>The generator's coefficients below the leading 1, highest degree first.</summary>
    private static byte[] Generator(int degree)
    {
        var cached = Volatile.Read(ref Generators[degree]);
        if (cached is not null)
        {
            return cached;
        }
        var coefficients = new byte[degree];
        coefficients[^1] = 1;
        for (var root = 0; root < degree; root++)
        {
            // Multiply by (x − α^root): each coefficient becomes itself·α^root plus the next one.
            for (var i = 0; i < degree; i++)
            {
                coefficients[i] = Multiply(coefficients[i], Exp[root]);
                if (i + 1 < degree)
                {
                    coefficients[i] ^= coefficients[i + 1];
                }
            }
        }
        Volatile.Write(ref Generators[degree], coefficients);
        return coefficients;
    }

    private static byte Multiply(byte a, byte b) => a == 0 || b == 0 ? (byte)0 : Exp[Log[a] + Log[b]];
}
