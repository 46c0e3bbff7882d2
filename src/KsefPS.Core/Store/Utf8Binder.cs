using System.Runtime.CompilerServices;
using System.Text;
using SQLitePCL;

namespace KsefPS.Core.Store;

/// <summary>
/// Binds values to a prepared statement as UTF-8 written into one buffer reused for every value: SQLitePCL's string
/// overload allocates a copy of each value, and the offline queue binds a dozen per invoice, which was a third of what a
/// run of 10,000 invoices left to the collector. SQLite copies what is bound (SQLITE_TRANSIENT).
/// </summary>
internal sealed class Utf8Binder
{
    private byte[] _buffer = new byte[1024];

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Text(sqlite3_stmt statement, int index, string? text)
    {
        if (text is null)
        {
            return raw.sqlite3_bind_null(statement, index);
        }
        if (text.Length == 0)
        {
            return raw.sqlite3_bind_text(statement, index, text); // an empty span would be bound as NULL
        }
        var most = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (most > _buffer.Length)
        {
            _buffer = new byte[most];
        }
        return raw.sqlite3_bind_text(statement, index, _buffer.AsSpan(0, Encoding.UTF8.GetBytes(text, _buffer)));
    }

    /// <summary>A GUID as .NET writes it by default (36 characters, lower case).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Id(sqlite3_stmt statement, int index, Guid id)
    {
        Span<byte> text = stackalloc byte[36];
        id.TryFormat(text, out var length);
        return raw.sqlite3_bind_text(statement, index, text[..length]);
    }

    /// <summary>"yyyy-MM-dd", written out rather than through .NET's date formatting (generic code a fresh process runs unoptimized).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Date(sqlite3_stmt statement, int index, DateOnly date)
    {
        Span<byte> text = stackalloc byte[10];
        Digits(date.Year, text[..4]);
        text[4] = (byte)'-';
        Digits(date.Month, text.Slice(5, 2));
        text[7] = (byte)'-';
        Digits(date.Day, text.Slice(8, 2));
        return raw.sqlite3_bind_text(statement, index, text);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Digits(int value, Span<byte> text)
    {
        for (var i = text.Length - 1; i >= 0; i--, value /= 10)
        {
            text[i] = (byte)('0' + value % 10);
        }
    }
}
