using System.Security.Cryptography;
using System.Text.Json.Nodes;
using KsefPS.Emulator.Auth;
using KsefPS.Emulator.Infrastructure;

namespace KsefPS.Emulator.Tokens;

/// <summary>/v2/tokens: issue, list, read and revoke KSeF tokens (BRIEF §4.2).</summary>
public sealed class TokenEndpoints(EmulatorOptions options, AuthState state, Permissions.PermissionState grants, Jwt jwt)
{
    private static readonly HashSet<string> Permissions =
        ["InvoiceRead", "InvoiceWrite", "CredentialsRead", "CredentialsManage", "SubunitManage", "EnforcementOperations", "Introspection",
            "CollectiveIdentifierManage"]; // the last since API 2.7.0 (TEST; UPDATES.md)

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
        // tokeny-ksef.md: a token is made only after a XAdES authentication, never by a session a token opened.
        if (claims!["kst"] is not null)
        {
            return Errors.Forbidden(http, "Ta operacja nie jest dostępna dla użytej metody uwierzytelnienia.", "auth-method-not-allowed",
                new JsonObject { ["authenticationMethodCategory"] = "Token" });
        }
        var description = request.Get("description") ?? "";
        var permissions = request.GetStrings("permissions");
        if (description.Length is < 5 or > 256 || permissions.Count == 0 || permissions.Any(p => !Permissions.Contains(p)))
        {
            return Errors.InvalidInput(http, "description must have 5-256 characters and permissions known values.");
        }
        var missing = Access.Holds(claims, "Owner") ? [] : permissions.Except(Access.Permissions(claims)).ToList();
        if (missing.Count > 0)
        {
            return Errors.BadRequest(http, 26001, "Nie można nadać tokenowi uprawnień których nie posiadasz.", $"Missing permissions: {string.Join(", ", missing)}.");
        }
        var reference = ReferenceNumbers.New("EC");
        var secret = $"{reference}|{context.Type.ToLowerInvariant()}-{context.Value}|{Convert.ToHexString(RandomNumberGenerator.GetBytes(32)).ToLowerInvariant()}";
        var author = Access.Subject(claims!);
        var created = DateTimeOffset.UtcNow;
        state.Tokens[reference] = new KsefToken
        {
            ReferenceNumber = reference,
            Secret = secret,
            Context = context,
            Author = author,
            Description = description,
            Permissions = permissions,
            Created = created,
            ActiveFrom = created + options.TokenActivationDelay,
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
        if (ContinuationPaging.Read(http, maxSize: 100, out var paging) is { } badPage)
        {
            return badPage;
        }
        var statuses = http.Request.Query["status"].Select(s => s ?? "").ToHashSet(StringComparer.OrdinalIgnoreCase);
        var description = http.Request.Query["description"].ToString();
        var authorValue = http.Request.Query["authorIdentifier"].ToString();
        var authorType = http.Request.Query["authorIdentifierType"].ToString();
        var tokens = state.Tokens.Values
            .Where(t => t.Context == context && Visible(claims!, t, "CredentialsManage", "CredentialsRead"))
            .Where(t => statuses.Count == 0 || statuses.Contains(t.StatusAt(DateTimeOffset.UtcNow)))
            .Where(t => description.Length == 0 || t.Description.Contains(description, StringComparison.OrdinalIgnoreCase))
            .Where(t => authorValue.Length == 0 || t.Author.Value == authorValue && (authorType.Length == 0 || t.Author.Type == authorType))
            .OrderByDescending(t => t.Created)
            .ThenBy(t => t.ReferenceNumber, StringComparer.Ordinal)
            .ToList();
        return Results.Json(paging.Answer("tokens", tokens, Describe));
    }

    private IResult Status(HttpContext http, string referenceNumber)
    {
        var (claims, _, refusal) = Access.Authenticated(jwt, http);
        if (refusal is not null)
        {
            return refusal;
        }
        return Find(state, claims!, referenceNumber) is { } token && Visible(claims!, token, "CredentialsManage", "CredentialsRead")
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
        // Another token needs CredentialsManage; a token may revoke itself, a person the tokens they made
        if (!Visible(claims!, token, "CredentialsManage"))
        {
            return Access.MissingPermissions(http, claims!, ["CredentialsManage"]);
        }
        token.Revoked = true;
        return Results.NoContent();
    }

    /// <summary>
    /// Whether the caller may see (or revoke) <paramref name="token"/>: with one of <paramref name="rights"/> (or as the
    /// owner) every token of the context; a session of a KSeF token only that token; anyone else the tokens they made,
    /// the NIP–PESEL link included.
    /// </summary>
    private bool Visible(JsonObject claims, KsefToken token, params string[] rights)
    {
        if (Access.Holds(claims, rights))
        {
            return true;
        }
        if (claims["kst"]?.GetValue<string>() is { } usedToken)
        {
            return usedToken == token.ReferenceNumber;
        }
        var caller = Access.Subject(claims);
        return token.Author == caller || grants.EntityOf(token.Author) is { } nip && nip == grants.EntityOf(caller);
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
            ["status"] = token.StatusAt(DateTimeOffset.UtcNow),
        };
        if (token.LastUse is { } lastUse)
        {
            json["lastUseDate"] = lastUse.ToString("O");
        }
        return json;
    }
}
