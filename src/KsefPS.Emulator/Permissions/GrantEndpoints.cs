using System.Text.Json.Nodes;
using KsefPS.Emulator.Auth;
using KsefPS.Emulator.Infrastructure;

namespace KsefPS.Emulator.Permissions;

/// <summary>
/// Granting and revoking (uprawnienia.md, "Nadawanie uprawnień", "Odbieranie uprawnień"): persons, entities and
/// indirect grants, the common revocation, and the asynchronous operation each of them starts.
/// </summary>
public sealed class GrantEndpoints(EmulatorOptions options, PermissionState state, AuthState auth, Jwt jwt)
{
    /// <summary>CollectiveIdentifierManage came with API 2.7.0 (TEST; UPDATES.md), for persons, entities and tokens alike.</summary>
    private const string CollectiveIdentifierManage = "CollectiveIdentifierManage";

    private static readonly HashSet<string> PersonPermissions =
        ["CredentialsManage", "CredentialsRead", "InvoiceWrite", "InvoiceRead", "Introspection", "SubunitManage", "EnforcementOperations", CollectiveIdentifierManage];

    private static readonly HashSet<string> InvoicePermissions = ["InvoiceWrite", "InvoiceRead"];

    private static readonly HashSet<string> EntityPermissions = [.. InvoicePermissions, CollectiveIdentifierManage];

    public static void Map(WebApplication app)
    {
        var endpoints = ActivatorUtilities.CreateInstance<GrantEndpoints>(app.Services);
        app.MapPost("/v2/permissions/persons/grants", endpoints.GrantToPerson);
        app.MapPost("/v2/permissions/entities/grants", endpoints.GrantToEntity);
        app.MapPost("/v2/permissions/indirect/grants", endpoints.GrantIndirectly);
        app.MapPost("/v2/permissions/authorizations/grants", endpoints.Authorize);
        app.MapPost("/v2/permissions/subunits/grants", endpoints.GrantSubunitAdministrator);
        app.MapPost("/v2/permissions/eu-entities/administration/grants", endpoints.GrantEuAdministrator);
        app.MapPost("/v2/permissions/eu-entities/grants", endpoints.GrantEuRepresentative);
        app.MapDelete("/v2/permissions/common/grants/{permissionId}", endpoints.Revoke);
        app.MapDelete("/v2/permissions/authorizations/grants/{permissionId}", endpoints.RevokeAuthorization);
        app.MapGet("/v2/permissions/operations/{referenceNumber}", endpoints.OperationStatus);
    }

    private IResult GrantToPerson(HttpContext http, JsonObject request)
    {
        var (claims, context, refusal) = Access.Require(jwt, http, "CredentialsManage");
        if (refusal is not null)
        {
            return refusal;
        }
        var subject = Subject(request, ["Nip", "Pesel", "Fingerprint"]);
        var permissions = request.GetStrings("permissions");
        var (firstName, lastName) = PersonDetails(request);
        if (subject is null || permissions.Count == 0 || permissions.Distinct().Count() != permissions.Count || permissions.Any(p => !PersonPermissions.Contains(p))
            || Description(request) is not { } description || firstName is null)
        {
            return Errors.InvalidInput(http, "subjectIdentifier (Nip, Pesel or Fingerprint), permissions (each once, of " +
                string.Join(", ", PersonPermissions) + "), description (5-256 characters) and subjectDetails are required.");
        }
        if (permissions.Contains("EnforcementOperations") && !auth.EnforcesDebts(context!.Nip))
        {
            return Started(context!, 430, "Kontekst identyfikatora nie odpowiada wymaganej roli lub uprawnieniom",
                ["EnforcementOperations needs the context to have the EnforcementAuthority or CourtBailiff role."]);
        }
        var author = Access.Subject(claims!);
        return Started(context!, 200, "Operacja zakończona sukcesem", [], () =>
        {
            foreach (var permission in permissions)
            {
                AddOnce(new PermissionGrant
                {
                    Id = Guid.NewGuid().ToString(), Kind = GrantKind.Person, Context = context!, Authorized = subject, Permission = permission,
                    Description = description, Author = author, Start = DateTimeOffset.UtcNow, FirstName = firstName, LastName = lastName,
                });
            }
        });
    }

    private IResult GrantToEntity(HttpContext http, JsonObject request)
    {
        var (claims, context, refusal) = Access.Require(jwt, http, "CredentialsManage");
        if (refusal is not null)
        {
            return refusal;
        }
        var subject = Subject(request, ["Nip"]);
        var permissions = request.GetArray("permissions")?.OfType<JsonObject>()
            .Select(p => (Type: p.Get("type") ?? "", CanDelegate: p.Property("canDelegate") is JsonValue v && v.TryGetValue<bool>(out var b) && b)).ToList() ?? [];
        var fullName = request.GetObject("subjectDetails")?.Get("fullName");
        if (subject is null || permissions.Count == 0 || permissions.Select(p => p.Type).Distinct().Count() != permissions.Count
            || permissions.Any(p => !EntityPermissions.Contains(p.Type)) || Description(request) is not { } description || fullName is not { Length: >= 5 and <= 90 })
        {
            return Errors.InvalidInput(http, "subjectIdentifier (Nip), permissions (InvoiceWrite, InvoiceRead, CollectiveIdentifierManage, each once), description (5-256 characters) and subjectDetails.fullName (5-90 characters) are required.");
        }
        if (subject.Value == context!.Nip)
        {
            return Started(context!, 440, "Operacja niedozwolona dla wskazanych powiązań identyfikatorów", ["An entity cannot be granted rights in its own context."]);
        }
        var author = Access.Subject(claims!);
        return Started(context!, 200, "Operacja zakończona sukcesem", [], () =>
        {
            foreach (var (type, canDelegate) in permissions)
            {
                AddOnce(new PermissionGrant
                {
                    Id = Guid.NewGuid().ToString(), Kind = GrantKind.Entity, Context = context!, Authorized = subject, Permission = type,
                    CanDelegate = canDelegate, Description = description, Author = author, Start = DateTimeOffset.UtcNow, EntityName = fullName,
                });
            }
        });
    }

    /// <summary>
    /// The caller's context is the intermediary: it passes on InvoiceRead/InvoiceWrite it holds with canDelegate from
    /// the client (targetIdentifier Nip) or from any client (AllPartners, or no target).
    /// </summary>
    private IResult GrantIndirectly(HttpContext http, JsonObject request)
    {
        var (claims, context, refusal) = Access.Require(jwt, http, "CredentialsManage");
        if (refusal is not null)
        {
            return refusal;
        }
        var subject = Subject(request, ["Nip", "Pesel", "Fingerprint"]);
        var permissions = request.GetStrings("permissions");
        var targetNode = request.GetObject("targetIdentifier");
        var target = targetNode is null || targetNode.Get("type") == "AllPartners"
            ? new Identifier("AllPartners", "")
            : targetNode.Get("type") == "Nip" && targetNode.Get("value") is { Length: 10 } targetNip ? new Identifier("Nip", targetNip) : null;
        var (firstName, lastName) = PersonDetails(request);
        if (subject is null || target is null || permissions.Count == 0 || permissions.Distinct().Count() != permissions.Count
            || permissions.Any(p => !InvoicePermissions.Contains(p)) || Description(request) is not { } description || firstName is null)
        {
            return Errors.InvalidInput(http, "subjectIdentifier, targetIdentifier (Nip or AllPartners), permissions (InvoiceWrite, InvoiceRead, each once), description and subjectDetails are required.");
        }
        var active = state.Settled().ToList();
        var missing = permissions.Where(p => !state.HoldsDelegable(active, context!.Nip, target.Type == "Nip" ? target.Value : null, p)).ToList();
        if (missing.Count > 0)
        {
            return Started(context!, 420, "Użyte poświadczenia nie mają uprawnień do wykonania tej operacji",
                [$"The context {context} holds no {string.Join("/", missing)} with canDelegate from {(target.Type == "Nip" ? target.Value : "any client")}."]);
        }
        var author = Access.Subject(claims!);
        return Started(context!, 200, "Operacja zakończona sukcesem", [], () =>
        {
            foreach (var permission in permissions)
            {
                AddOnce(new PermissionGrant
                {
                    Id = Guid.NewGuid().ToString(), Kind = GrantKind.Indirect, Context = context!, Authorized = subject, Target = target, Permission = permission,
                    Description = description, Author = author, Start = DateTimeOffset.UtcNow, FirstName = firstName, LastName = lastName,
                });
            }
        });
    }

    /// <summary>
    /// An administrator (CredentialsManage, granted implicitly) of a subunit: an internal identifier of the current
    /// NIP (created with the grant), or a subordinate entity's NIP where the current context is a VAT group or a JST.
    /// </summary>
    private IResult GrantSubunitAdministrator(HttpContext http, JsonObject request)
    {
        var (claims, context, refusal) = Access.Require(jwt, http, "SubunitManage");
        if (refusal is not null)
        {
            return refusal;
        }
        var subject = Subject(request, ["Nip", "Pesel", "Fingerprint"]);
        var unitNode = request.GetObject("contextIdentifier");
        var unit = unitNode?.Get("type") is "InternalId" or "Nip" && unitNode.Get("value") is { } unitValue ? new Identifier(unitNode.Get("type")!, unitValue) : null;
        var (firstName, lastName) = PersonDetails(request);
        if (subject is null || unit is null || Description(request) is not { } description || firstName is null
            || unit.Type == "InternalId" && !ValidInternalId(unit.Value) || unit.Type == "Nip" && unit.Value is not { Length: 10 })
        {
            return Errors.InvalidInput(http, "subjectIdentifier, contextIdentifier (InternalId nip-5 digits with its check digit, or Nip), description and subjectDetails are required.");
        }
        var parent = context!.Nip;
        if (unit.Type == "InternalId" && !unit.Value.StartsWith(parent + "-", StringComparison.Ordinal))
        {
            return Started(context!, 440, "Operacja niedozwolona dla wskazanych powiązań identyfikatorów", [$"The internal identifier {unit.Value} does not belong to {parent}."]);
        }
        if (unit.Type == "Nip" && !(auth.Subjects.TryGetValue(parent, out var parentSubject) && parentSubject.Type is "VatGroup" or "JST" && parentSubject.Subunits.Contains(unit.Value)))
        {
            return Started(context!, 430, "Kontekst identyfikatora nie odpowiada wymaganej roli lub uprawnieniom",
                [$"{parent} is not a VAT group or JST with the subordinate entity {unit.Value}."]);
        }
        var author = Access.Subject(claims!);
        return Started(context!, 200, "Operacja zakończona sukcesem", [], () => AddOnce(new PermissionGrant
        {
            Id = Guid.NewGuid().ToString(), Kind = GrantKind.Subunit, Context = context!, Authorized = subject, Target = unit, Permission = "CredentialsManage",
            Description = description, Author = author, Start = DateTimeOffset.UtcNow, FirstName = firstName, LastName = lastName,
            SubunitName = request.Get("subunitName"),
        }));
    }

    /// <summary>
    /// The administrator of an EU entity in the composite context {this NIP}-{VAT UE}, identified by certificate
    /// fingerprint only; the grant creates the composite context.
    /// </summary>
    private IResult GrantEuAdministrator(HttpContext http, JsonObject request)
    {
        var (claims, context, refusal) = Access.Require(jwt, http, "CredentialsManage");
        if (refusal is not null)
        {
            return refusal;
        }
        var subject = Subject(request, ["Fingerprint"]);
        var composite = request.GetObject("contextIdentifier") is { } node && node.Get("type") == "NipVatUe" && node.Get("value") is { Length: > 13 } value
            ? new Identifier("NipVatUe", value) : null;
        var details = EuSubjectDetails(request);
        var euDetails = request.GetObject("euEntityDetails");
        if (subject is null || composite is null || Description(request) is not { } description || details is null
            || request.Get("euEntityName") is not { Length: > 0 } euName || euDetails?.Get("fullName") is not { Length: > 0 } || euDetails.Get("address") is not { Length: > 0 })
        {
            return Errors.InvalidInput(http, "subjectIdentifier (Fingerprint), contextIdentifier (NipVatUe), description, euEntityName, euEntityDetails and subjectDetails are required.");
        }
        if (!composite.Value.StartsWith(context!.Nip + "-", StringComparison.Ordinal) || context!.Type != "Nip")
        {
            return Started(context!, 440, "Operacja niedozwolona dla wskazanych powiązań identyfikatorów", [$"The composite context {composite.Value} does not start with the NIP of {context}."]);
        }
        var author = Access.Subject(claims!);
        return Started(context, 200, "Operacja zakończona sukcesem", [], () => AddOnce(new PermissionGrant
        {
            Id = Guid.NewGuid().ToString(), Kind = GrantKind.EuAdministrator, Context = context, Authorized = subject, Target = composite, Permission = "VatUeManage",
            Description = description, Author = author, Start = DateTimeOffset.UtcNow, FirstName = details.Value.FirstName, LastName = details.Value.LastName,
            EntityName = details.Value.EntityName, Address = details.Value.Address, EuEntityName = euName, EuEntityAddress = euDetails.Get("address"),
        }));
    }

    /// <summary>A representative of the EU entity, granted in the composite context by one who holds VatUeManage there.</summary>
    private IResult GrantEuRepresentative(HttpContext http, JsonObject request)
    {
        var (claims, context, refusal) = Access.Require(jwt, http, "VatUeManage");
        if (refusal is not null)
        {
            return refusal;
        }
        var subject = Subject(request, ["Fingerprint"]);
        var permissions = request.GetStrings("permissions");
        var details = EuSubjectDetails(request);
        if (subject is null || permissions.Count == 0 || permissions.Any(p => !InvoicePermissions.Contains(p)) || permissions.Distinct().Count() != permissions.Count
            || Description(request) is not { } description || details is null)
        {
            return Errors.InvalidInput(http, "subjectIdentifier (Fingerprint), permissions (InvoiceWrite, InvoiceRead), description and subjectDetails are required.");
        }
        if (context!.Type != "NipVatUe")
        {
            return Started(context, 450, "Operacja niedozwolona dla wskazanego identyfikatora lub jego typu", ["EU representatives are granted in a NipVatUe context."]);
        }
        var author = Access.Subject(claims!);
        return Started(context, 200, "Operacja zakończona sukcesem", [], () =>
        {
            foreach (var permission in permissions)
            {
                AddOnce(new PermissionGrant
                {
                    Id = Guid.NewGuid().ToString(), Kind = GrantKind.EuRepresentative, Context = context, Authorized = subject, Permission = permission,
                    Description = description, Author = author, Start = DateTimeOffset.UtcNow, FirstName = details.Value.FirstName, LastName = details.Value.LastName,
                    EntityName = details.Value.EntityName, Address = details.Value.Address,
                });
            }
        });
    }

    /// <summary>Who a fingerprint belongs to: an entity by its seal (name, address) or a person (names, with or without a PESEL/NIP).</summary>
    private static (string? FirstName, string? LastName, string? EntityName, string? Address)? EuSubjectDetails(JsonObject request)
    {
        var details = request.GetObject("subjectDetails");
        if (details?.GetObject("entityByFp") is { } entity && entity.Get("fullName") is { Length: > 0 } name && entity.Get("address") is { Length: > 0 } address)
        {
            return (null, null, name, address);
        }
        var (first, last) = PersonDetails(request);
        return first is not null ? (first, last, null, null) : null;
    }

    /// <summary>nip-5 digits, the last a check digit: weights 1,3,1,3… over the 14 digits before it, sum mod 10.</summary>
    private static bool ValidInternalId(string value)
    {
        var digits = value.Replace("-", "", StringComparison.Ordinal);
        if (value.Length != 16 || value[10] != '-' || digits.Length != 15 || !digits.All(char.IsAsciiDigit))
        {
            return false;
        }
        var sum = digits[..14].Select((c, i) => (c - '0') * (i % 2 == 0 ? 1 : 3)).Sum();
        return sum % 10 == digits[14] - '0';
    }

    /// <summary>An entity (NIP, or a PEPPOL provider) invoices in its own context on this context's behalf; one permission per request.</summary>
    private IResult Authorize(HttpContext http, JsonObject request)
    {
        var (claims, context, refusal) = Access.Require(jwt, http, "CredentialsManage");
        if (refusal is not null)
        {
            return refusal;
        }
        var node = request.GetObject("subjectIdentifier");
        var subject = node?.Get("type") switch
        {
            "Nip" when node.Get("value") is { Length: 10 } nip && nip.All(char.IsAsciiDigit) => new Identifier("Nip", nip),
            "PeppolId" when node.Get("value") is { Length: >= 9 } peppol => new Identifier("PeppolId", peppol),
            _ => null,
        };
        var permission = request.Get("permission");
        var fullName = request.GetObject("subjectDetails")?.Get("fullName");
        if (subject is null || permission is not ("SelfInvoicing" or "RRInvoicing" or "TaxRepresentative" or "PefInvoicing")
            || Description(request) is not { } description || fullName is not { Length: >= 5 and <= 90 })
        {
            return Errors.InvalidInput(http, "subjectIdentifier (Nip or PeppolId), permission (SelfInvoicing, RRInvoicing, TaxRepresentative or PefInvoicing), description and subjectDetails.fullName are required.");
        }
        if (subject.Value == context!.Nip)
        {
            return Started(context!, 440, "Operacja niedozwolona dla wskazanych powiązań identyfikatorów", ["An entity cannot authorize itself."]);
        }
        var author = Access.Subject(claims!);
        return Started(context!, 200, "Operacja zakończona sukcesem", [], () => AddOnce(new PermissionGrant
        {
            Id = Guid.NewGuid().ToString(), Kind = GrantKind.Authorization, Context = context!, Authorized = subject, Permission = permission,
            Description = description, Author = author, Start = DateTimeOffset.UtcNow, EntityName = fullName,
        }));
    }

    private IResult RevokeAuthorization(HttpContext http, string permissionId) => RevokeOf(http, permissionId, GrantKind.Authorization, "CredentialsManage");

    private IResult Revoke(HttpContext http, string permissionId) => RevokeOf(http, permissionId, null, "CredentialsManage", "VatUeManage", "SubunitManage");

    /// <summary>Revocations go by the endpoint of their kind: authorizations by their own, everything else by the common one.</summary>
    private IResult RevokeOf(HttpContext http, string permissionId, GrantKind? only, params string[] rights)
    {
        var (_, context, refusal) = Access.Require(jwt, http, rights);
        if (refusal is not null)
        {
            return refusal;
        }
        if (permissionId.Length != 36)
        {
            return Errors.InvalidInput(http, "permissionId has 36 characters.");
        }
        if (!state.Settled().Any(g => g.Id == permissionId && g.Context == context
            && (only is null ? g.Kind != GrantKind.Authorization : g.Kind == only)))
        {
            return Started(context!, 410, "Podane identyfikatory są niezgodne lub pozostają w niewłaściwej relacji",
                [$"No active permission {permissionId} was granted in the context {context}."]);
        }
        return Started(context!, 200, "Operacja zakończona sukcesem", [], () =>
        {
            if (state.Grants.TryGetValue(permissionId, out var grant))
            {
                state.Revoke(grant);
            }
        });
    }

    private IResult OperationStatus(HttpContext http, string referenceNumber)
    {
        var (_, context, refusal) = Access.Authenticated(jwt, http);
        if (refusal is not null)
        {
            return refusal;
        }
        if (!state.Operations.TryGetValue(referenceNumber, out var operation) || operation.Context != context)
        {
            return Errors.BadRequest(http, Errors.InvalidInputCode, Errors.InvalidInputDescription, $"No permission operation {referenceNumber} in this context.");
        }
        var now = DateTimeOffset.UtcNow;
        if (now - operation.Created > options.PermissionOperationRetention)
        {
            return Errors.Gone(http, "Operacja wygasła i nie jest już dostępna.");
        }
        state.Settled();
        var status = now < operation.ReadyAt
            ? new JsonObject { ["code"] = 100, ["description"] = "Operacja przyjęta do realizacji" }
            : new JsonObject { ["code"] = operation.Code, ["description"] = operation.Description };
        if (now >= operation.ReadyAt && operation.Details.Length > 0)
        {
            status["details"] = new JsonArray(operation.Details.Select(d => (JsonNode)JsonValue.Create(d)!).ToArray());
        }
        return Results.Json(new JsonObject { ["status"] = status });
    }

    /// <summary>202 with the operation's reference; the outcome (and <paramref name="apply"/>) when the operation is done.</summary>
    private IResult Started(Identifier context, int code, string description, string[] details, Action? apply = null)
    {
        var now = DateTimeOffset.UtcNow;
        var operation = new PermissionOperation
        {
            ReferenceNumber = ReferenceNumbers.New("PO"), Context = context, Created = now, ReadyAt = now + options.PermissionOperationDelay,
            Code = code, Description = description, Details = details, Apply = code == 200 ? apply : null,
        };
        state.Operations[operation.ReferenceNumber] = operation;
        return Results.Json(new JsonObject { ["referenceNumber"] = operation.ReferenceNumber }, statusCode: 202);
    }

    /// <summary>Granting what is already granted changes nothing (uprawnienia.md: a duplicate may be ignored).</summary>
    private void AddOnce(PermissionGrant grant)
    {
        var exists = state.Grants.Values.Any(g => g.Kind == grant.Kind && g.Context == grant.Context && g.Authorized == grant.Authorized
            && g.Permission == grant.Permission && g.Target == grant.Target);
        if (!exists)
        {
            state.Grants[grant.Id] = grant;
        }
    }

    private static Identifier? Subject(JsonObject request, string[] types)
    {
        var node = request.GetObject("subjectIdentifier");
        var type = node?.Get("type");
        var value = node?.Get("value");
        var valid = type switch
        {
            "Nip" => value is { Length: 10 } && value.All(char.IsAsciiDigit),
            "Pesel" => value is { Length: 11 } && value.All(char.IsAsciiDigit),
            "Fingerprint" => value is { Length: 64 } && value.All(char.IsAsciiHexDigit),
            _ => false,
        };
        return valid && types.Contains(type) ? new Identifier(type!, type == "Fingerprint" ? value!.ToUpperInvariant() : value!) : null;
    }

    private static string? Description(JsonObject request) => request.Get("description") is { Length: >= 5 and <= 256 } description ? description : null;

    /// <summary>
    /// A person's names from subjectDetails of the type it declares: by identifier (names), by fingerprint with a PESEL/NIP
    /// (names and identifier), by fingerprint without one (names, birth date and an identity document).
    /// </summary>
    private static (string? FirstName, string? LastName) PersonDetails(JsonObject request)
    {
        var details = request.GetObject("subjectDetails");
        var person = details?.Get("subjectDetailsType") switch
        {
            "PersonByIdentifier" => details.GetObject("personById"),
            "PersonByFingerprintWithIdentifier" when details.GetObject("personByFpWithId") is { } withId
                && withId.GetObject("identifier")?.Get("value") is { Length: >= 10 } => withId,
            "PersonByFingerprintWithoutIdentifier" when details.GetObject("personByFpNoId") is { } noId && noId.Get("birthDate") is { Length: 10 }
                && noId.GetObject("idDocument") is { } document && document.Get("number") is { Length: > 0 } && document.Get("country") is { Length: 2 } => noId,
            _ => null,
        };
        return person?.Get("firstName") is { Length: >= 2 } first && person.Get("lastName") is { Length: >= 2 } last ? (first, last) : (null, null);
    }

}
