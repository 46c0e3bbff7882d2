using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace KsefPS.Core.Invoices;

/// <summary>
/// The byte searches <see cref="InvoiceXmlScanner"/> makes on every invoice, written out (the long ones on
/// <see cref="Vector128"/>) and compiled fully optimized at their first call, or, for the comparison of names, inlined
/// into the scanner's methods that are. The framework's own (IndexOfAny over SearchValues, IndexOf, Count) are generic
/// code it either does not precompile or re-compiles with PGO probes once hot: in a fresh process they ran unoptimized,
/// then instrumented, through the first thousands of invoices, and were a third of the signing workers' time (perf,
/// 10,000 invoices). The same holds for the comparison of names: in a fresh process the framework's SequenceEqual ran
/// unoptimized, calling into the runtime on its loop, and was a twelfth of the managed cost of protecting an invoice in
/// the first pass (perf, 10,000 invoices).
/// </summary>
internal static class XmlByteSearch
{
    /// <summary>
    /// The first byte that begins a character to look at (-1 if none): a C0 control other than tab, LF and CR (never
    /// allowed in XML); DEL; 0xC2, the lead byte of U+0080–U+00BF, among them the C1 controls; 0xEF, the lead byte of
    /// U+F000–U+FFFF, among them U+FDD0–U+FDEF and the non-characters U+FFFE and U+FFFF; 0xF0–0xF4, the lead bytes of the
    /// planes beyond the first, each of which ends in two non-characters. Markup and Polish letters are none of these, so
    /// the scan stops rarely.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int IndexOfCharacterToCheck(ReadOnlySpan<byte> bytes)
    {
        var i = 0;
        if (Vector128.IsHardwareAccelerated && bytes.Length >= Vector128<byte>.Count)
        {
            ref var start = ref MemoryMarshal.GetReference(bytes);
            var space = Vector128.Create((byte)0x20);
            var tab = Vector128.Create((byte)'\t');
            var lineFeed = Vector128.Create((byte)'\n');
            var carriageReturn = Vector128.Create((byte)'\r');
            var delete = Vector128.Create((byte)0x7F);
            var c2 = Vector128.Create((byte)0xC2);
            var efOrAbove = Vector128.Create((byte)0xEF);
            for (; i <= bytes.Length - Vector128<byte>.Count; i += Vector128<byte>.Count)
            {
                var chunk = Vector128.LoadUnsafe(ref start, (nuint)i);
                var allowed = Vector128.Equals(chunk, tab) | Vector128.Equals(chunk, lineFeed) | Vector128.Equals(chunk, carriageReturn);
                var found = Vector128.AndNot(Vector128.LessThan(chunk, space), allowed) | Vector128.Equals(chunk, delete)
                    | Vector128.Equals(chunk, c2) | Vector128.GreaterThanOrEqual(chunk, efOrAbove);
                if (found != Vector128<byte>.Zero)
                {
                    return i + BitOperations.TrailingZeroCount(found.ExtractMostSignificantBits());
                }
            }
        }
        for (; i < bytes.Length; i++)
        {
            if (bytes[i] is < 0x20 and not ((byte)'\t' or (byte)'\n' or (byte)'\r') or 0x7F or 0xC2 or >= 0xEF)
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>The first of <paramref name="a"/>, <paramref name="b"/> or <paramref name="c"/>; -1 if none.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int IndexOfAny(ReadOnlySpan<byte> bytes, byte a, byte b, byte c)
    {
        var i = 0;
        if (Vector128.IsHardwareAccelerated && bytes.Length >= Vector128<byte>.Count)
        {
            ref var start = ref MemoryMarshal.GetReference(bytes);
            var va = Vector128.Create(a);
            var vb = Vector128.Create(b);
            var vc = Vector128.Create(c);
            for (; i <= bytes.Length - Vector128<byte>.Count; i += Vector128<byte>.Count)
            {
                var chunk = Vector128.LoadUnsafe(ref start, (nuint)i);
                var found = Vector128.Equals(chunk, va) | Vector128.Equals(chunk, vb) | Vector128.Equals(chunk, vc);
                if (found != Vector128<byte>.Zero)
                {
                    return i + BitOperations.TrailingZeroCount(found.ExtractMostSignificantBits());
                }
            }
        }
        for (; i < bytes.Length; i++)
        {
            var value = bytes[i];
            if (value == a || value == b || value == c)
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>The first byte that is not an ASCII letter, digit, '_', ':', '-' or '.'; -1 if none.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int IndexOfAnyExceptAsciiNameChar(ReadOnlySpan<byte> bytes)
    {
        var i = 0;
        if (Vector128.IsHardwareAccelerated && bytes.Length >= Vector128<byte>.Count)
        {
            ref var start = ref MemoryMarshal.GetReference(bytes);
            var caseBit = Vector128.Create((byte)0x20);
            var lowerA = Vector128.Create((byte)'a');
            var letters = Vector128.Create((byte)26);
            var zero = Vector128.Create((byte)'0');
            var digits = Vector128.Create((byte)10);
            var underscore = Vector128.Create((byte)'_');
            var colon = Vector128.Create((byte)':');
            var hyphen = Vector128.Create((byte)'-');
            var dot = Vector128.Create((byte)'.');
            for (; i <= bytes.Length - Vector128<byte>.Count; i += Vector128<byte>.Count)
            {
                var chunk = Vector128.LoadUnsafe(ref start, (nuint)i);
                // Unsigned range checks: (x - low) < width wraps everything below low to the top.
                var name = Vector128.LessThan((chunk | caseBit) - lowerA, letters)
                    | Vector128.LessThan(chunk - zero, digits)
                    | Vector128.Equals(chunk, underscore) | Vector128.Equals(chunk, colon)
                    | Vector128.Equals(chunk, hyphen) | Vector128.Equals(chunk, dot);
                var found = ~name;
                if (found != Vector128<byte>.Zero)
                {
                    return i + BitOperations.TrailingZeroCount(found.ExtractMostSignificantBits());
                }
            }
        }
        for (; i < bytes.Length; i++)
        {
            if (!IsAsciiNameChar(bytes[i]))
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>
    /// Whether the two hold the same bytes. Written for names (a few to a few dozen bytes): eight bytes at a time, the last
    /// eight read overlapping the ones before rather than byte by byte.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Equal(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }
        ref var x = ref MemoryMarshal.GetReference(a);
        ref var y = ref MemoryMarshal.GetReference(b);
        var length = (nuint)a.Length;
        if (length >= sizeof(ulong))
        {
            var last = length - sizeof(ulong);
            for (nuint i = 0; i < last; i += sizeof(ulong))
            {
                if (Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref x, i)) != Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref y, i)))
                {
                    return false;
                }
            }
            return Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref x, last)) == Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref y, last));
        }
        if (length >= sizeof(uint))
        {
            var last = length - sizeof(uint);
            return Unsafe.ReadUnaligned<uint>(ref x) == Unsafe.ReadUnaligned<uint>(ref y)
                && Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref x, last)) == Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref y, last));
        }
        for (nuint i = 0; i < length; i++)
        {
            if (Unsafe.Add(ref x, i) != Unsafe.Add(ref y, i))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Where <paramref name="value"/> first occurs; -1 if nowhere. For short spans (references).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int IndexOf(ReadOnlySpan<byte> bytes, byte value)
    {
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == value)
            {
                return i;
            }
        }
        return -1;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsAsciiNameChar(byte b) =>
        b is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or >= (byte)'0' and <= (byte)'9'
            or (byte)'_' or (byte)':' or (byte)'-' or (byte)'.';
}
