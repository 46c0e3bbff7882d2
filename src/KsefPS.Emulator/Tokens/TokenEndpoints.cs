using System.Security.Cryptography;
using System.Text.Json.Nodes;
using KsefPS.Emulator.Auth;
using KsefPS.Emulator.Infrastructure;

namespace KsefPS.Emulator.Tokens;

/// <summary>/v2/tokens: issue, list, read and revoke KSeF tokens (BRIEF §4.2).</summary>
public sealed class TokenEndpoints(AuthState state, Jwt jwt)
{
    private static readonly HashSet<string> Permissions =
        ["InvoiceRead", "InvoiceWrite", "CredentialsRead", "CredentialsManage", "SubunitManage", "EnforcementOperations", "Introspection"];

    public static void Map(WebApplication app)
    {
        var endpoints = ActivatorUtilities.CreateInstance<TokenEndpoints>(app.Services);
        app.MapPost("/v2/tokens", endpoints.Create);
        app.MapGet("/v2/tokens", endpoints.List);
        app.MapGet("/v2/tokens/{referenceNumber}", endpoints.Status);
        app.MapDelete("/v2/tokens/{referenceNumber}", endpoints.Revoke);
    }

    private IResult Create(HttpContext http, JsonObject request)
    {
        var (claims, context, refusal) = Access.Authenticated(jwt, http);
        if (refusal is not null)
        {
            return refusal;
        }
        if (context!.Type is not ("Nip" or "InternalId"))
        {
            return Errors.BadRequest(http, 26002, "Nie można wygenerować tokena dla bieżącego typu kontekstu.", $"Context type {context.Type} does not allow KSeF tokens.");
        }
        var description = request.Get("description") ?? "";
        var permissions = request.GetArray("permissions")?.Select(p => p?.GetValue<string>() ?? "").ToList() ?? [];
        if (description.Length is < 5 or > 256 || permissions.Count == 0 || permissions.Any(p => !Permissions.Contains(p)))
        {
            return Errors.InvalidInput(http, "description must have 5-256 characters and permissions known values.");
        }
        var reference = ReferenceNumbers.New("EC");
        var secret = $"{reference}|{context.Type.ToLowerInvariant()}-{context.Value}|{Convert.ToHexString(RandomNumberGenerator.GetBytes(32)).ToLowerInvariant()}";
        var subject = claims!["sud"]!.GetValue<string>().Split(':', 2);
        state.Tokens[reference] = new KsefToken
        {
            ReferenceNumber = reference,
            Secret = secret,
            Context = context,
            Author = new Identifier(subject[0], subject[1]),
            Description = description,
            Permissions = permissions,
            Created = DateTimeOffset.UtcNow,
        };
        return Results.Json(new JsonObject { ["referenceNumber"] = reference, ["token"] = secret }, statusCode: 202);
    }

    private IResult List(HttpContext http)
    {
        var (claims, context, refusal) = Access.Authenticated(jwt, http);
        if (refusal is not null)
        {
            return refusal;
        }
        var statuses = http.Request.Query["status"].Select(s => s ?? "").ToHashSet(StringComparer.OrdinalIgnoreCase);
        var tokens = state.Tokens.Values
            .Where(t => t.Context == context && (statuses.Count == 0 || statuses.Contains(t.Status)))
            .OrderByDescending(t => t.Created)
            .Select(t => (JsonNode)Describe(t))
            .ToArray();
        return Results.Json(new JsonObject { ["tokens"] = new JsonArray(tokens) });
    }

    private IResult Status(HttpContext http, string referenceNumber)
    {
        var (claims, _, refusal) = Access.Authenticated(jwt, http);
        if (refusal is not null)
        {
            return refusal;
        }
        return Find(state, claims!, referenceNumber) is { } token
            ? Results.Json(Describe(token))
            : Errors.BadRequest(http, 26003, "Nie znaleziono tokena.", referenceNumber);
    }

    private IResult Revoke(HttpContext http, string referenceNumber)
    {
        var (claims, _, refusal) = Access.Authenticated(jwt, http);
        if (refusal is not null)
        {
            return refusal;
        }
        if (Find(state, claims!, referenceNumber) is not { } token)
        {
            return Errors.BadRequest(http, 26003, "Nie znaleziono tokena.", referenceNumber);
        }
        token.Status = "Revoked";
        return Results.NoContent();
    }

    private static KsefToken? Find(AuthState state, JsonObject claims, string reference)
    {
        var context = new Identifier(claims["cit"]!.GetValue<string>(), claims["civ"]!.GetValue<string>());
        return state.Tokens.TryGetValue(reference, out var token) && token.Context == context ? token : null;
    }

    private static JsonObject Describe(KsefToken token)
    {
        var json = new JsonObject
        {
            ["referenceNumber"] = token.ReferenceNumber,
            ["authorIdentifier"] = new JsonObject { ["type"] = token.Author.Type, ["value"] = token.Author.Value },
            ["contextIdentifier"] = new JsonObject { ["type"] = token.Context.Type, ["value"] = token.Context.Value },
            ["description"] = token.Description,
            ["requestedPermissions"] = new JsonArray(token.Permissions.Select(p => (JsonNode)JsonValue.Create(p)!).ToArray()),
            ["dateCreated"] = token.Created.ToString("O"),
            ["status"] = token.Status,
        };
        if (token.LastUse is { } lastUse)
        {
            json["lastUseDate"] = lastUse.ToString("O");
        }
        return json;
    }
}
