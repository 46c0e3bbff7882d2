using System.Text.Json.Nodes;
using KsefPS.Emulator.Auth;
using KsefPS.Emulator.Infrastructure;

namespace KsefPS.Emulator.Permissions;

/// <summary>
/// Reading grants (uprawnienia.md, "Wyszukiwanie nadanych uprawnień"): the grants of the current context, the caller's
/// own, the invoice rights the current context received as an entity, and the attachment consent. Pages of 10–100.
/// </summary>
public sealed class PermissionQueryEndpoints(PermissionState state, AuthState auth, Jwt jwt)
{
    public static void Map(WebApplication app)
    {
        var endpoints = ActivatorUtilities.CreateInstance<PermissionQueryEndpoints>(app.Services);
        app.MapPost("/v2/permissions/query/persons/grants", endpoints.PersonGrants);
        app.MapPost("/v2/permissions/query/personal/grants", endpoints.PersonalGrants);
        app.MapPost("/v2/permissions/query/entities/grants", endpoints.EntityGrants);
        app.MapPost("/v2/permissions/query/authorizations/grants", endpoints.AuthorizationGrants);
        app.MapPost("/v2/permissions/query/subunits/grants", endpoints.SubunitGrants);
        app.MapPost("/v2/permissions/query/eu-entities/grants", endpoints.EuEntityGrants);
        app.MapGet("/v2/permissions/query/entities/roles", endpoints.EntityRoles);
        app.MapPost("/v2/permissions/query/subordinate-entities/roles", endpoints.SubordinateEntities);
        app.MapGet("/v2/permissions/attachments/status", endpoints.AttachmentStatus);
    }

    /// <summary>
    /// PermissionsInCurrentContext: the person, entity and indirect grants made in this context.
    /// PermissionsGrantedInCurrentContext: those the caller made. Filters as the request gives them.
    /// </summary>
    private IResult PersonGrants(HttpContext http, JsonObject request)
    {
        var (claims, context, refusal) = Access.Require(jwt, http, "CredentialsManage", "CredentialsRead", "SubunitManage");
        if (refusal is not null)
        {
            return refusal;
        }
        var queryType = request.Get("queryType");
        if (OffsetPaging.Read(http, maxSize: 100, out var page) is { } badPage)
        {
            return badPage;
        }
        if (queryType is not ("PermissionsInCurrentContext" or "PermissionsGrantedInCurrentContext"))
        {
            return Errors.InvalidInput(http, "queryType (PermissionsInCurrentContext or PermissionsGrantedInCurrentContext) is required.");
        }
        var caller = Access.Subject(claims!);
        var types = Strings(request, "permissionTypes");
        var stateFilter = request.Get("permissionState");
        var author = IdentifierOf(request.GetObject("authorIdentifier"));
        var authorized = IdentifierOf(request.GetObject("authorizedIdentifier"));
        var target = IdentifierOf(request.GetObject("targetIdentifier"));
        var grants = state.Settled()
            .Where(g => g.Kind is not (GrantKind.Authorization or GrantKind.Subunit or GrantKind.EuAdministrator or GrantKind.EuRepresentative) && g.Context == context && (queryType == "PermissionsInCurrentContext" || g.Author == caller))
            .Where(g => types.Count == 0 || types.Contains(g.Permission))
            .Where(_ => stateFilter is null or "Active") // every grant listed is in force; a revoked one is gone
            .Where(g => author is null || g.Author.Type == author.Type && (author.Type == "System" || g.Author.Value == author.Value))
            .Where(g => authorized is null || g.Authorized == authorized)
            .Where(g => target is null || g.Target is { } t && t.Type == target.Type && (target.Type == "AllPartners" || t.Value == target.Value))
            .OrderBy(g => g.Start).ThenBy(g => g.Id, StringComparer.Ordinal)
            .ToList();
        return Paged(grants, page, g => PersonPermission(g));
    }

    /// <summary>
    /// The caller's own rights here: person grants to the caller in this context, indirect grants to the caller whose
    /// intermediary or client is this context, and — for its owner — the entity grants this context received.
    /// </summary>
    private IResult PersonalGrants(HttpContext http, JsonObject request)
    {
        var (claims, context, refusal) = Access.Authenticated(jwt, http);
        if (refusal is not null)
        {
            return refusal;
        }
        if (OffsetPaging.Read(http, maxSize: 100, out var page) is { } badPage)
        {
            return badPage;
        }
        var caller = Access.Subject(claims!);
        var owner = Access.Permissions(claims!).Contains("Owner");
        var contextNip = context!.Nip;
        var types = Strings(request, "permissionTypes");
        var stateFilter = request.Get("permissionState");
        var granter = IdentifierOf(request.GetObject("contextIdentifier"));
        var grants = state.Settled()
            .Where(g => g.Kind == GrantKind.Person && g.Authorized == caller && g.Context == context
                || g.Kind == GrantKind.Indirect && g.Authorized == caller && (g.Context.Value == contextNip || g.Target?.Value == contextNip || g.Target?.Type == "AllPartners")
                || g.Kind == GrantKind.Entity && owner && g.Authorized.Value == contextNip)
            .Where(g => types.Count == 0 || types.Contains(g.Permission))
            .Where(_ => stateFilter is null or "Active") // every grant listed is in force; a revoked one is gone
            .Where(g => granter is null || g.Context.Value == granter.Value)
            .OrderBy(g => g.Start).ThenBy(g => g.Id, StringComparer.Ordinal)
            .ToList();
        return Paged(grants, page, g => PersonalPermission(g, caller));
    }

    /// <summary>Invoice rights the current context (an entity) received from others.</summary>
    private IResult EntityGrants(HttpContext http, JsonObject request)
    {
        var (_, context, refusal) = Access.Require(jwt, http, "CredentialsManage", "CredentialsRead");
        if (refusal is not null)
        {
            return refusal;
        }
        if (OffsetPaging.Read(http, maxSize: 100, out var page) is { } badPage)
        {
            return badPage;
        }
        var contextNip = context!.Nip;
        var granter = IdentifierOf(request.GetObject("contextIdentifier"));
        var grants = state.Settled()
            .Where(g => g.Kind == GrantKind.Entity && g.Authorized.Value == contextNip && (granter is null || g.Context.Value == granter.Value))
            .OrderBy(g => g.Start).ThenBy(g => g.Id, StringComparer.Ordinal)
            .ToList();
        return Paged(grants, page, g => new JsonObject
        {
            ["id"] = g.Id,
            ["contextIdentifier"] = Json(g.Context),
            ["permissionScope"] = g.Permission,
            ["description"] = g.Description,
            ["startDate"] = g.Start.ToString("O"),
            ["canDelegate"] = g.CanDelegate,
        });
    }

    /// <summary>Authorizations (self-invoicing, RR, tax representative, PEF) this context granted (Granted) or received (Received).</summary>
    private IResult AuthorizationGrants(HttpContext http, JsonObject request)
    {
        var (_, context, refusal) = Access.Require(jwt, http, "CredentialsManage", "CredentialsRead", "PefInvoiceWrite");
        if (refusal is not null)
        {
            return refusal;
        }
        var queryType = request.Get("queryType");
        if (OffsetPaging.Read(http, maxSize: 100, out var page) is { } badPage)
        {
            return badPage;
        }
        if (queryType is not ("Granted" or "Received"))
        {
            return Errors.InvalidInput(http, "queryType (Granted or Received) is required.");
        }
        var contextNip = context!.Nip;
        var types = Strings(request, "permissionTypes");
        var authorizing = IdentifierOf(request.GetObject("authorizingIdentifier"));
        var authorized = IdentifierOf(request.GetObject("authorizedIdentifier"));
        var grants = state.Settled()
            .Where(g => g.Kind == GrantKind.Authorization && (queryType == "Granted" ? g.Context.Value == contextNip : g.Authorized.Value == contextNip))
            .Where(g => types.Count == 0 || types.Contains(g.Permission))
            .Where(g => authorizing is null || g.Context.Value == authorizing.Value)
            .Where(g => authorized is null || g.Authorized == authorized)
            .OrderBy(g => g.Start).ThenBy(g => g.Id, StringComparer.Ordinal)
            .ToList();
        return Results.Json(new JsonObject
        {
            ["authorizationGrants"] = new JsonArray(page.Of(grants).Select(g => (JsonNode)new JsonObject
            {
                ["id"] = g.Id,
                ["authorIdentifier"] = Json(g.Author),
                ["authorizedEntityIdentifier"] = Json(g.Authorized),
                ["authorizingEntityIdentifier"] = new JsonObject { ["type"] = "Nip", ["value"] = g.Context.Value },
                ["authorizationScope"] = g.Permission,
                ["description"] = g.Description,
                ["subjectEntityDetails"] = new JsonObject { ["subjectDetailsType"] = "EntityByIdentifier", ["fullName"] = g.EntityName },
                ["startDate"] = g.Start.ToString("O"),
            }).ToArray()),
            ["hasMore"] = page.HasMore(grants.Count),
        });
    }

    /// <summary>Administrators of subunits and subordinate entities, granted from the current (parent) context.</summary>
    private IResult SubunitGrants(HttpContext http, JsonObject request)
    {
        var (_, context, refusal) = Access.Require(jwt, http, "CredentialsManage", "CredentialsRead", "SubunitManage");
        if (refusal is not null)
        {
            return refusal;
        }
        if (OffsetPaging.Read(http, maxSize: 100, out var page) is { } badPage)
        {
            return badPage;
        }
        var unit = IdentifierOf(request.GetObject("subunitIdentifier"));
        var grants = state.Settled()
            .Where(g => g.Kind == GrantKind.Subunit && g.Context == context && (unit is null || g.Target == unit))
            .OrderBy(g => g.Start).ThenBy(g => g.Id, StringComparer.Ordinal)
            .ToList();
        return Paged(grants, page, g =>
        {
            var json = new JsonObject
            {
                ["id"] = g.Id,
                ["authorizedIdentifier"] = Json(g.Authorized),
                ["subunitIdentifier"] = Json(g.Target!),
                ["authorIdentifier"] = Json(g.Author),
                ["permissionScope"] = g.Permission,
                ["description"] = g.Description,
                ["startDate"] = g.Start.ToString("O"),
            };
            if (g.SubunitName is not null)
            {
                json["subunitName"] = g.SubunitName;
            }
            return json;
        });
    }

    /// <summary>
    /// EU entities' administrators (from a NIP context: those of its composite contexts) and, in a composite context,
    /// its administrators and representatives.
    /// </summary>
    private IResult EuEntityGrants(HttpContext http, JsonObject request)
    {
        var (_, context, refusal) = Access.Require(jwt, http, "CredentialsManage", "CredentialsRead", "VatUeManage");
        if (refusal is not null)
        {
            return refusal;
        }
        if (OffsetPaging.Read(http, maxSize: 100, out var page) is { } badPage)
        {
            return badPage;
        }
        var vatUe = request.Get("vatUeIdentifier");
        var fingerprint = request.Get("authorizedFingerprintIdentifier")?.ToUpperInvariant();
        var types = Strings(request, "permissionTypes");
        var grants = state.Settled()
            .Where(g => context!.Type == "NipVatUe"
                ? g.Kind == GrantKind.EuAdministrator && g.Target == context || g.Kind == GrantKind.EuRepresentative && g.Context == context
                : g.Kind == GrantKind.EuAdministrator && g.Context == context)
            .Where(g => vatUe is null || Composite(g).EndsWith("-" + vatUe, StringComparison.Ordinal))
            .Where(g => fingerprint is null || g.Authorized.Value == fingerprint)
            .Where(g => types.Count == 0 || types.Contains(g.Permission))
            .OrderBy(g => g.Start).ThenBy(g => g.Id, StringComparer.Ordinal)
            .ToList();
        return Paged(grants, page, g =>
        {
            var composite = Composite(g);
            var admin = grants.FirstOrDefault(a => a.Kind == GrantKind.EuAdministrator && a.Target?.Value == composite) ?? g;
            var json = new JsonObject
            {
                ["id"] = g.Id,
                ["authorIdentifier"] = Json(g.Author),
                ["vatUeIdentifier"] = composite[(composite.IndexOf('-') + 1)..],
                ["euEntityName"] = admin.EuEntityName ?? g.EuEntityName ?? "",
                ["authorizedFingerprintIdentifier"] = g.Authorized.Value,
                ["permissionScope"] = g.Permission,
                ["description"] = g.Description,
                ["startDate"] = g.Start.ToString("O"),
            };
            if (g.FirstName is not null)
            {
                json["subjectPersonDetails"] = new JsonObject { ["subjectDetailsType"] = "PersonByFingerprintWithoutIdentifier", ["firstName"] = g.FirstName, ["lastName"] = g.LastName };
            }
            if (g.EntityName is not null)
            {
                json["subjectEntityDetails"] = new JsonObject { ["subjectDetailsType"] = "EntityByFingerprint", ["fullName"] = g.EntityName, ["address"] = g.Address };
            }
            if (admin.EuEntityAddress is not null)
            {
                json["euEntityDetails"] = new JsonObject { ["fullName"] = admin.EuEntityName, ["address"] = admin.EuEntityAddress };
            }
            return json;
        });
    }

    private static string Composite(PermissionGrant grant) => grant.Kind == GrantKind.EuAdministrator ? grant.Target!.Value : grant.Context.Value;

    /// <summary>The roles of the current context: enforcement authority, VAT group or JST (parent), or a member of one.</summary>
    private IResult EntityRoles(HttpContext http)
    {
        var (_, context, refusal) = Access.Require(jwt, http, "CredentialsManage", "CredentialsRead");
        if (refusal is not null)
        {
            return refusal;
        }
        var nip = context!.Nip;
        var roles = new List<JsonNode>();
        if (auth.Subjects.TryGetValue(nip, out var own))
        {
            roles.Add(new JsonObject
            {
                ["role"] = own.Type switch { "VatGroup" => "VatGroupUnit", "JST" => "LocalGovernmentUnit", _ => "EnforcementAuthority" },
                ["description"] = "Test data", ["startDate"] = DateTimeOffset.UtcNow.ToString("O"),
            });
        }
        if (auth.Bailiffs.ContainsKey(nip))
        {
            roles.Add(new JsonObject { ["role"] = "CourtBailiff", ["description"] = "Test data", ["startDate"] = DateTimeOffset.UtcNow.ToString("O") });
        }
        foreach (var (parent, subject) in auth.Subjects.Where(s => s.Value.Subunits.Contains(nip)))
        {
            roles.Add(new JsonObject
            {
                ["parentEntityIdentifier"] = new JsonObject { ["type"] = "Nip", ["value"] = parent },
                ["role"] = subject.Type == "VatGroup" ? "VatGroupSubUnit" : "LocalGovernmentSubUnit",
                ["description"] = "Test data", ["startDate"] = DateTimeOffset.UtcNow.ToString("O"),
            });
        }
        return Results.Json(new JsonObject { ["roles"] = new JsonArray([.. roles]), ["hasMore"] = false });
    }

    /// <summary>The members of the current VAT group, or the subordinate units of the current JST.</summary>
    private IResult SubordinateEntities(HttpContext http, JsonObject request)
    {
        var (_, context, refusal) = Access.Require(jwt, http, "CredentialsManage", "CredentialsRead", "SubunitManage");
        if (refusal is not null)
        {
            return refusal;
        }
        var nip = context!.Nip;
        var only = IdentifierOf(request.GetObject("subordinateEntityIdentifier"));
        var roles = auth.Subjects.TryGetValue(nip, out var own) && own.Type is "VatGroup" or "JST"
            ? own.Subunits.Where(u => only is null || u == only.Value).Select(u => (JsonNode)new JsonObject
            {
                ["subordinateEntityIdentifier"] = new JsonObject { ["type"] = "Nip", ["value"] = u },
                ["role"] = own.Type == "VatGroup" ? "VatGroupSubUnit" : "LocalGovernmentSubUnit",
                ["description"] = "Test data",
                ["startDate"] = DateTimeOffset.UtcNow.ToString("O"),
            }).ToArray()
            : [];
        return Results.Json(new JsonObject { ["roles"] = new JsonArray(roles), ["hasMore"] = false });
    }

    private IResult AttachmentStatus(HttpContext http)
    {
        var (_, context, refusal) = Access.Authenticated(jwt, http);
        if (refusal is not null)
        {
            return refusal;
        }
        var nip = context!.Nip;
        var json = new JsonObject { ["isAttachmentAllowed"] = state.AttachmentsAllowed(nip) };
        if (state.AttachmentConsents.TryGetValue(nip, out var revoked) && revoked is { } end)
        {
            json["revokedDate"] = end.ToString("O");
        }
        return Results.Json(json);
    }

    private static JsonObject PersonPermission(PermissionGrant grant)
    {
        var json = Common(grant);
        json["authorizedIdentifier"] = Json(grant.Authorized);
        json["authorIdentifier"] = grant.Author.Type == "System" ? new JsonObject { ["type"] = "System" } : Json(grant.Author);
        if (grant.Kind == GrantKind.Indirect)
        {
            json["contextIdentifier"] = Json(grant.Context);
        }
        return json;
    }

    private static JsonObject PersonalPermission(PermissionGrant grant, Identifier caller)
    {
        var json = Common(grant);
        json["contextIdentifier"] = Json(grant.Context);
        if (grant.Authorized != caller)
        {
            json["authorizedIdentifier"] = Json(grant.Authorized);
        }
        return json;
    }

    /// <summary>What every listing of a grant has: id, scope, description, who it names, state, start, canDelegate, the target.</summary>
    private static JsonObject Common(PermissionGrant grant)
    {
        var json = new JsonObject
        {
            ["id"] = grant.Id,
            ["permissionScope"] = grant.Permission,
            ["description"] = grant.Description,
            ["permissionState"] = "Active",
            ["startDate"] = grant.Start.ToString("O"),
            ["canDelegate"] = grant.CanDelegate,
        };
        if (grant.Target is { } target)
        {
            json["targetIdentifier"] = target.Type == "AllPartners" ? new JsonObject { ["type"] = "AllPartners" } : Json(target);
        }
        if (grant.FirstName is not null)
        {
            json["subjectPersonDetails"] = new JsonObject
            {
                ["subjectDetailsType"] = grant.Authorized.Type == "Fingerprint" ? "PersonByFingerprintWithoutIdentifier" : "PersonByIdentifier",
                ["firstName"] = grant.FirstName,
                ["lastName"] = grant.LastName,
            };
        }
        if (grant.EntityName is not null)
        {
            json["subjectEntityDetails"] = new JsonObject { ["subjectDetailsType"] = "EntityByIdentifier", ["fullName"] = grant.EntityName };
        }
        return json;
    }

    private static IResult Paged(List<PermissionGrant> grants, OffsetPaging page, Func<PermissionGrant, JsonObject> describe) =>
        Results.Json(new JsonObject
        {
            ["permissions"] = new JsonArray(page.Of(grants).Select(g => (JsonNode)describe(g)).ToArray()),
            ["hasMore"] = page.HasMore(grants.Count),
        });

    private static HashSet<string> Strings(JsonObject request, string name) =>
        request.GetStrings(name).ToHashSet(StringComparer.Ordinal);

    private static Identifier? IdentifierOf(JsonObject? node) =>
        node?.Get("type") is { } type ? new Identifier(type, type == "Fingerprint" ? (node.Get("value") ?? "").ToUpperInvariant() : node.Get("value") ?? "") : null;

    private static JsonObject Json(Identifier identifier) => new() { ["type"] = identifier.Type, ["value"] = identifier.Value };
}
