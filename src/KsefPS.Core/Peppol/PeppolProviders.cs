using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using KsefPS.Core.Api;
using KsefPS.Core.Security;
using KsefPS.Core.Sessions;
using static KsefPS.Core.Api.AnswerValues;

namespace KsefPS.Core.Peppol;

/// <summary>KSeF's list of Peppol service providers (GET /peppol/query): public, no session needed.</summary>
public static class PeppolProviders
{
    /// <summary>The largest page KSeF serves.</summary>
    private const int PageSize = 100;

    /// <summary>As <see cref="ListAsync(KsefHttpClient, CancellationToken)"/>, from the session's KSeF (no token is sent).</summary>
    public static IAsyncEnumerable<PeppolProvider> ListAsync(KsefSession session, CancellationToken cancellation) => ListAsync(session.Http, cancellation);

    /// <summary>Every provider, newest registration first (KSeF's order), a page at a time as the caller reads on.</summary>
    public static async IAsyncEnumerable<PeppolProvider> ListAsync(KsefHttpClient http, [EnumeratorCancellation] CancellationToken cancellation)
    {
        for (var offset = 0; ; offset++)
        {
            var page = await http.SendAsync(HttpMethod.Get, $"peppol/query?pageOffset={offset}&pageSize={PageSize}", cancellation, idempotent: true)
                .ConfigureAwait(false);
            var providers = page?["peppolProviders"] as JsonArray ?? [];
            foreach (var item in providers.OfType<JsonObject>())
            {
                yield return Read(item);
            }
            // An empty page ends the list even if it says there is more: a server that says so forever is not followed.
            if (providers.Count == 0 || !(page?["hasMore"] is JsonValue more && more.TryGetValue<bool>(out var hasMore) && hasMore))
            {
                yield break;
            }
        }
    }

    private static PeppolProvider Read(JsonObject item)
    {
        var id = Text(item["id"]);
        return new PeppolProvider(UntrustedText.Quote(id, 32), UntrustedText.Quote(Text(item["name"]), 256),
            Date(item["dateCreated"]),
            Identifiers.PeppolId.IsValid(id));
    }
}
