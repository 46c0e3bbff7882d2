namespace KsefPS.Emulator.Infrastructure;

/// <summary>One page of a query KSeF pages by <c>pageOffset</c> (from 0) and <c>pageSize</c> (10–100, default 10).</summary>
public readonly record struct OffsetPaging(int Offset, int Size)
{
    /// <summary>The page the query string asks for; null when either value is out of range or not a number.</summary>
    public static OffsetPaging? Read(HttpContext http)
    {
        var query = http.Request.Query;
        var offset = query.ContainsKey("pageOffset") ? (int.TryParse(query["pageOffset"], out var o) ? o : -1) : 0;
        var size = query.ContainsKey("pageSize") ? (int.TryParse(query["pageSize"], out var s) ? s : -1) : 10;
        return offset >= 0 && size is >= 10 and <= 100 ? new OffsetPaging(offset, size) : null;
    }

    public IEnumerable<T> Of<T>(IEnumerable<T> all) => all.Skip(Offset * Size).Take(Size);

    public bool HasMore(int count) => count > (Offset + 1) * Size;
}
