using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using KsefPS.Emulator.Infrastructure;

namespace KsefPS.Emulator.Invoices;

/// <summary>
/// /emulator/invoices: not KSeF. Lets a test put invoices from other sellers into KSeF as if they had been sent:
/// { "xml": "...{n}...", "count": 3 } stores three invoices, {n} replaced by 1, 2, 3.
/// </summary>
public sealed class SeedEndpoint(InvoiceRepository repository)
{
    public static void Map(WebApplication app)
    {
        var endpoints = ActivatorUtilities.CreateInstance<SeedEndpoint>(app.Services);
        app.MapPost("/emulator/invoices", endpoints.Seed);
    }

    private IResult Seed(HttpContext http, JsonObject request)
    {
        var template = request.Get("xml");
        var count = request.Property("count") is JsonValue v && v.TryGetValue<int>(out var n) ? n : 1;
        if (template is null || count < 1)
        {
            return Errors.InvalidInput(http, "xml is required and count must be positive.");
        }
        var numbers = new JsonArray();
        for (var i = 1; i <= count; i++)
        {
            var content = Encoding.UTF8.GetBytes(template.Replace("{n}", i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            if (InvoiceContent.Read(content) is not { } facts)
            {
                return Errors.InvalidInput(http, "The invoice lacks the seller NIP, P_1 or P_2.");
            }
            var form = InvoiceSchemas.Find(facts.FormSystemCode, facts.FormSchemaVersion, "FA") ?? InvoiceSchemas.Forms[1];
            var stored = repository.Accept(content, Convert.ToBase64String(SHA256.HashData(content)), facts, form, "Online",
                DateTimeOffset.UtcNow, TimeSpan.Zero, null, null, out var duplicate);
            if (count <= 1000)
            {
                numbers.Add(duplicate is null ? stored.KsefNumber : null);
            }
        }
        return Results.Json(new JsonObject { ["count"] = count, ["ksefNumbers"] = numbers });
    }
}
