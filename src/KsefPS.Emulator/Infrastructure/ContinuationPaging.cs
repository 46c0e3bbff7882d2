using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace KsefPS.Emulator.Infrastructure;

/// <summary>
/// One page of a list KSeF pages by continuation token (BRIEF: the request's <c>x-continuation-token</c> header, the
/// answer's <c>continuationToken</c>, none on the last page) and <c>pageSize</c> (from 10, default 10). The token is
/// opaque Base64 as KSeF's is, so a client that reads it, builds it or mangles its padding is caught here.
/// </summary>
public readonly record struct ContinuationPaging(int Start, int Size)
{
    private const string Prefix = "emulator-skip:";

    /// <summary>The page asked for, or KSeF's refusal: 21405 for a page size out of range, 21418 for a token it did not give.</summary>
    public static IResult? Read(HttpContext http, int maxSize, out ContinuationPaging paging)
    {
        paging = default;
        var query = http.Request.Query;
        var size = 10;
        if (query.TryGetValue("pageSize", out var given) && !int.TryParse(given, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out size))
        {
            return Errors.InvalidInput(http, ValidatorWords.NotANumber("pageSize", given.ToString()));
        }
        if (size < 10 || size > maxSize)
        {
            return Errors.InvalidInput(http, ValidatorWords.Between("pageSize", 10, maxSize, size.ToString(CultureInfo.InvariantCulture)));
        }
        var token = http.Request.Headers["x-continuation-token"].ToString();
        var start = 0;
        if (token.Length > 0 && !TryDecode(token, out start))
        {
            return Errors.BadRequest(http, 21418, "Przekazany token kontynuacji ma nieprawidłowy format.", token);
        }
        paging = new ContinuationPaging(start, size);
        return null;
    }

    /// <summary>The answer: this page's items under <paramref name="itemsName"/>, and the token of the next page when there is one.</summary>
    public JsonObject Answer<T>(string itemsName, IReadOnlyCollection<T> all, Func<T, JsonNode> describe)
    {
        var body = new JsonObject { [itemsName] = new JsonArray(all.Skip(Start).Take(Size).Select(describe).ToArray()) };
        if (Start + Size < all.Count)
        {
            body["continuationToken"] = Convert.ToBase64String(Encoding.ASCII.GetBytes(Prefix + (Start + Size).ToString(CultureInfo.InvariantCulture)));
        }
        return body;
    }

    private static bool TryDecode(string token, out int start)
    {
        start = 0;
        var bytes = new byte[token.Length];
        if (!Convert.TryFromBase64String(token, bytes, out var length))
        {
            return false;
        }
        var text = Encoding.ASCII.GetString(bytes, 0, length);
        return text.StartsWith(Prefix, StringComparison.Ordinal)
            && int.TryParse(text.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out start);
    }
}
