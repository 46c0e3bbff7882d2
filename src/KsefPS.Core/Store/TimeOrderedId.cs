using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;

namespace KsefPS.Core.Store;

/// <summary>
/// Row ids laid out as RFC 9562 version 7: the Unix time in milliseconds first, then random bits. Ids made later sort
/// after earlier ones, as text too, so a run of new rows lands at the end of the primary-key index instead of on a
/// random page each: a commit of the offline queue then rewrites a few index pages, not one per invoice.
/// </summary>
internal static class TimeOrderedId
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Guid New(DateTimeOffset now)
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteInt64BigEndian(bytes, now.ToUnixTimeMilliseconds() << 16); // 48 bits of time, then room
        RandomNumberGenerator.Fill(bytes[6..]);
        bytes[6] = (byte)(0x70 | (bytes[6] & 0x0F));
        bytes[8] = (byte)(0x80 | (bytes[8] & 0x3F));
        return new Guid(bytes, bigEndian: true);
    }
}
