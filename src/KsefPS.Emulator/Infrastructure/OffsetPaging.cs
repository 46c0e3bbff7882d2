using System.Globalization;

namespace KsefPS.Emulator.Infrastructure;

/// <summary>One page of a query KSeF pages by <c>pageOffset</c> (from 0) and <c>pageSize</c> (from 10, default 10).</summary>
public readonly record struct OffsetPaging(int Offset, int Size)
{
    /// <summary>The page the query string asks for, or KSeF's 21405 naming each value out of range or not a number.</summary>
    public static IResult? Read(HttpContext http, int maxSize, out OffsetPaging paging)
    {
        var problems = new List<string>();
        var offset = Value(http, "pageOffset", 0, problems);
        var size = Value(http, "pageSize", 10, problems);
        if (offset < 0)
        {
            problems.Add(ValidatorWords.AtLeast("pageOffset", 0));
        }
        if (size is < 10 || size > maxSize)
        {
            problems.Add(ValidatorWords.Between("pageSize", 10, maxSize, size.Value.ToString(CultureInfo.InvariantCulture)));
        }
        paging = new OffsetPaging(offset ?? 0, size ?? 10);
        return problems.Count > 0 ? Errors.InvalidInput(http, [.. problems]) : null;
    }

    /// <summary>The whole number given for <paramref name="name"/>, its default when absent; null (and a problem) when it is not a number.</summary>
    private static int? Value(HttpContext http, string name, int absent, List<string> problems)
    {
        if (!http.Request.Query.TryGetValue(name, out var given))
        {
            return absent;
        }
        if (int.TryParse(given, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }
        problems.Add(ValidatorWords.NotANumber(name, given.ToString()));
        return null;
    }

    public IEnumerable<T> Of<T>(IEnumerable<T> all) => all.Skip((int)Math.Min((long)Offset * Size, int.MaxValue)).Take(Size);

    public bool HasMore(int count) => count > ((long)Offset + 1) * Size;
}
