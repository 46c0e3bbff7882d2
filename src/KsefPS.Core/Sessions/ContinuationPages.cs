using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using KsefPS.Core.Errors;

namespace KsefPS.Core.Sessions;

/// <summary>
/// A list KSeF gives page by page with continuation tokens (BRIEF §0: <c>continuationToken</c> in the answer, sent back in
/// <c>x-continuation-token</c>; none, or an empty one, on the last page): every item of every page, in KSeF's order.
/// </summary>
internal static class ContinuationPages
{
    /// <summary>A token is sent back as a header, so one that could not be a header value, or that comes twice (a loop), is refused.</summary>
    private const int MaxTokenLength = 8192;

    internal static async IAsyncEnumerable<JsonNode> ItemsAsync(KsefSession session, string route, string itemsName,
        [EnumeratorCancellation] CancellationToken cancellation, Action<string>? narrate = null)
    {
        var given = new HashSet<string>(StringComparer.Ordinal);
        string? continuation = null;
        do
        {
            var page = await session.SendAsync(HttpMethod.Get, route, cancellation, idempotent: true, continuationToken: continuation, narrate: narrate)
                .ConfigureAwait(false);
            if (page is not JsonObject || page[itemsName] is { } listed && listed is not JsonArray)
            {
                throw Invalid(route, $"its answer has no '{itemsName}' list");
            }
            foreach (var item in Api.RequiredValues.Entries(page[itemsName], itemsName)) // an empty list may be left out
            {
                yield return item;
            }
            continuation = Next(Api.AnswerValues.Text(page["continuationToken"]), given, route);
        }
        while (continuation is not null);
    }

    /// <summary>
    /// The token to ask for the next page with, or null after the last page (none, or an empty one). <paramref name="given"/>
    /// holds the tokens this list gave so far.
    /// </summary>
    internal static string? Next(string? token, HashSet<string> given, string route)
    {
        if (token is not { Length: > 0 })
        {
            return null;
        }
        if (token.Length > MaxTokenLength || token.Any(c => c is < ' ' or > '~') || !given.Add(token))
        {
            throw Invalid(route, "its continuation token is not one KsefPS can send back (too long, not printable ASCII, or given twice)");
        }
        return token;
    }

    /// <summary>Every item, read into a list.</summary>
    internal static async Task<List<T>> ListAsync<T>(KsefSession session, string route, string itemsName, Func<JsonNode, T> read,
        CancellationToken cancellation, Action<string>? narrate = null)
    {
        var result = new List<T>();
        await foreach (var item in ItemsAsync(session, route, itemsName, cancellation, narrate).ConfigureAwait(false))
        {
            result.Add(read(item));
        }
        return result;
    }

    private static KsefException Invalid(string route, string what) =>
        new(ErrorIds.KsefAnswerInvalid, KsefErrorKind.InvalidData, $"KSeF's list {route.Split('?')[0]} cannot be read to its end: {what}.", route);
}
