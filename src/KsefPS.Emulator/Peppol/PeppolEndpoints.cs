using System.Globalization;
using System.Text.Json.Nodes;
using KsefPS.Emulator.Infrastructure;

namespace KsefPS.Emulator.Peppol;

/// <summary><c>GET /v2/peppol/query</c>: the registered Peppol service providers, a page at a time; public, no token needed.</summary>
public sealed class PeppolEndpoints(PeppolRegistry registry)
{
    public static void Map(WebApplication app)
    {
        var endpoints = ActivatorUtilities.CreateInstance<PeppolEndpoints>(app.Services);
        app.MapGet("/v2/peppol/query", endpoints.Query);
    }

    private IResult Query(HttpContext http)
    {
        if (OffsetPaging.Read(http, maxSize: 100, out var page) is { } badPage)
        {
            return badPage;
        }
        var providers = registry.Listed();
        return Results.Json(new JsonObject
        {
            ["peppolProviders"] = new JsonArray(page.Of(providers).Select(p => (JsonNode)new JsonObject
            {
                ["id"] = p.Id,
                ["name"] = p.Name,
                ["dateCreated"] = p.DateCreated.ToString("O", CultureInfo.InvariantCulture),
            }).ToArray()),
            ["hasMore"] = page.HasMore(providers.Count),
        });
    }
}
