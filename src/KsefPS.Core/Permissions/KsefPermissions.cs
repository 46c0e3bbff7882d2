using System.Globalization;
using System.Text.Json.Nodes;
using KsefPS.Core.Api;
using KsefPS.Core.Errors;
using KsefPS.Core.Identifiers;
using KsefPS.Core.Security;
using KsefPS.Core.Sessions;

namespace KsefPS.Core.Permissions;

/// <summary>
/// Granting, listing and revoking KSeF permissions in the session's context (uprawnienia.md). Grants and revocations are
/// asynchronous at KSeF: each call waits for its operation and says how it ended.
/// </summary>
public static class KsefPermissions
{
    private const int PageSize = 100;

    /// <summary>Which grants Get-KsefPermission reads.</summary>
    public enum Listing
    {
        /// <summary>Everyone who may work in the current context (persons, entities, indirect grants made here).</summary>
        InCurrentContext,

        /// <summary>Only what the logged-in subject granted here.</summary>
        GrantedByMe,

        /// <summary>The logged-in subject's own permissions.</summary>
        Mine,

        /// <summary>Invoice permissions the current context (an entity) received from others.</summary>
        Received,

        /// <summary>Authorizations (self-invoicing, RR, tax representative, PEF) the current context gave to others.</summary>
        AuthorizationsGranted,

        /// <summary>Authorizations the current context received: whose invoices it may issue.</summary>
        AuthorizationsReceived,

        /// <summary>Administrators of subunits and subordinate entities, granted from the current context.</summary>
        SubunitAdministrators,

        /// <summary>EU entities' administrators (from a NIP context) or the administrators and representatives of the current composite context.</summary>
        EuEntities,
    }

    /// <summary>The permissions that are authorizations of an entity rather than rights of a person or entity in this context.</summary>
    public static bool IsAuthorization(KsefPermission permission) =>
        permission is KsefPermission.SelfInvoicing or KsefPermission.RRInvoicing or KsefPermission.TaxRepresentative or KsefPermission.PefInvoicing;

    /// <summary>What a grant did: the grants as KSeF lists them after it, and the permissions that were there already.</summary>
    public sealed record GrantOutcome(IReadOnlyList<PermissionGrant> Grants, IReadOnlyList<KsefPermission> AlreadyHeld);

    /// <summary>
    /// Grants what <paramref name="request"/> asks that the subject does not hold yet (what it holds is reported, not
    /// granted again), waits for KSeF to finish, and returns the subject's grants of those permissions as KSeF lists them.
    /// </summary>
    public static async Task<GrantOutcome> GrantAsync(KsefSession session, PermissionGrantRequest request, Action<string>? narrate, CancellationToken cancellation)
    {
        Validate(request);
        var before = await HeldAsync(session, request, cancellation).ConfigureAwait(false);
        var held = request.Permissions.Where(p => before.Any(g => g.Permission == p.ToString())).Distinct().ToList();
        var missing = request.Permissions.Except(held).Distinct().ToList();
        // An authorization names one permission per request; the other kinds take them together.
        foreach (var batch in request.Kind == GrantKind.Authorization ? missing.Select(p => (IReadOnlyList<KsefPermission>)[p]) : missing.Count > 0 ? [missing] : [])
        {
            var (route, body) = Body(request, batch);
            narrate?.Invoke($"Granting {string.Join(", ", batch)} to {request.Subject} in {session.Context} ({request.Kind}).");
            var started = (await session.SendAsync(HttpMethod.Post, route, cancellation, body).ConfigureAwait(false))!;
            await WaitAsync(session, started, $"granting {string.Join(", ", batch)} to {request.Subject}", cancellation).ConfigureAwait(false);
        }
        var after = missing.Count == 0 ? before : await HeldAsync(session, request, cancellation).ConfigureAwait(false);
        return new GrantOutcome(after.Where(g => request.Permissions.Any(p => p.ToString() == g.Permission)).ToList(), held);
    }

    /// <summary>Revokes one grant by its id (an authorization by its own endpoint) and waits for KSeF to finish.</summary>
    public static async Task RevokeAsync(KsefSession session, string permissionId, bool authorization, Action<string>? narrate, CancellationToken cancellation)
    {
        if (!Guid.TryParse(permissionId, out _) || permissionId.Length != 36)
        {
            throw new KsefException(ErrorIds.PermissionIdInvalid, KsefErrorKind.InvalidArgument,
                $"'{UntrustedText.Quote(permissionId)}' is not a KSeF permission id (36 characters, as Get-KsefPermission shows it).", permissionId);
        }
        narrate?.Invoke($"Revoking permission {permissionId} in {session.Context}.");
        var route = (authorization ? "permissions/authorizations/grants/" : "permissions/common/grants/") + permissionId;
        var started = (await session.SendAsync(HttpMethod.Delete, route, cancellation).ConfigureAwait(false))!;
        await WaitAsync(session, started, $"revoking permission {permissionId}", cancellation).ConfigureAwait(false);
    }

    /// <summary>The grants of <paramref name="listing"/>, page by page, each page handed to <paramref name="emit"/> as it arrives.</summary>
    public static async Task ListAsync(KsefSession session, Listing listing, PermissionFilter filter, Action<PermissionGrant> emit, CancellationToken cancellation)
    {
        var (route, body, read) = listing switch
        {
            Listing.Mine => ("permissions/query/personal/grants", filter.ToPersonalQuery(), (Func<JsonNode, PermissionGrant>)ReadPersonal),
            Listing.Received => ("permissions/query/entities/grants", new JsonObject(), ReadReceived),
            Listing.AuthorizationsGranted => ("permissions/query/authorizations/grants", filter.ToAuthorizationsQuery(received: false), ReadAuthorization),
            Listing.AuthorizationsReceived => ("permissions/query/authorizations/grants", filter.ToAuthorizationsQuery(received: true), ReadAuthorization),
            Listing.SubunitAdministrators => ("permissions/query/subunits/grants", new JsonObject(), ReadSubunit),
            Listing.EuEntities => ("permissions/query/eu-entities/grants", filter.ToEuQuery(), ReadEuEntity),
            _ => ("permissions/query/persons/grants", filter.ToPersonsQuery(listing == Listing.GrantedByMe), ReadPerson),
        };
        for (var page = 0; ; page++)
        {
            var answer = (await session.SendAsync(HttpMethod.Post, $"{route}?pageOffset={page}&pageSize={PageSize}", cancellation,
                body.DeepClone(), idempotent: true).ConfigureAwait(false))!;
            foreach (var item in (answer["permissions"] ?? answer["authorizationGrants"])!.AsArray())
            {
                var grant = read(item!);
                if (filter.Admits(grant))
                {
                    emit(grant);
                }
            }
            if (answer["hasMore"]?.GetValue<bool>() != true)
            {
                return;
            }
        }
    }

    /// <summary>The current context's roles (GET /permissions/query/entities/roles), page by page.</summary>
    public static Task RolesAsync(KsefSession session, Action<EntityRoleInfo> emit, CancellationToken cancellation) =>
        RolePagesAsync(session, HttpMethod.Get, "permissions/query/entities/roles", null, emit, cancellation);

    /// <summary>The members of the current VAT group, or the subordinate units of the current JST.</summary>
    public static Task SubordinatesAsync(KsefSession session, Action<EntityRoleInfo> emit, CancellationToken cancellation) =>
        RolePagesAsync(session, HttpMethod.Post, "permissions/query/subordinate-entities/roles", new JsonObject(), emit, cancellation);

    private static async Task RolePagesAsync(KsefSession session, HttpMethod method, string route, JsonObject? body, Action<EntityRoleInfo> emit,
        CancellationToken cancellation)
    {
        for (var page = 0; ; page++)
        {
            var answer = (await session.SendAsync(method, $"{route}?pageOffset={page}&pageSize={PageSize}", cancellation, body?.DeepClone(), idempotent: true)
                .ConfigureAwait(false))!;
            foreach (var item in answer["roles"]!.AsArray())
            {
                emit(new EntityRoleInfo(item!["role"]!.GetValue<string>(), Identifier(item["subordinateEntityIdentifier"]), Identifier(item["parentEntityIdentifier"]),
                    item["description"]?.GetValue<string>() ?? "", Date(item["startDate"])));
            }
            if (answer["hasMore"]?.GetValue<bool>() != true)
            {
                return;
            }
        }
    }

    /// <summary>Whether the current context may send invoices with attachments (consent given in e-Urząd Skarbowy), and until when.</summary>
    public static async Task<AttachmentPermission> AttachmentsAsync(KsefSession session, CancellationToken cancellation)
    {
        var answer = (await session.SendAsync(HttpMethod.Get, "permissions/attachments/status", cancellation, idempotent: true).ConfigureAwait(false))!;
        return new AttachmentPermission(session.Context.ToString(), answer["isAttachmentAllowed"]?.GetValue<bool>() == true, Date(answer["revokedDate"]));
    }

    private static void Validate(PermissionGrantRequest request)
    {
        string? problem = null;
        if (request.Permissions.Count == 0)
        {
            problem = "Name at least one permission (-Permission).";
        }
        else if (request.Description.Length is < 5 or > 256)
        {
            problem = "KSeF wants a description of 5 to 256 characters (-Description).";
        }
        else if (request.Kind is GrantKind.Entity or GrantKind.Indirect && request.Permissions.Any(p => p is not (KsefPermission.InvoiceRead or KsefPermission.InvoiceWrite)))
        {
            problem = $"{(request.Kind == GrantKind.Entity ? "Entities" : "Indirect grants")} can hold only InvoiceRead and InvoiceWrite; SelfInvoicing, RRInvoicing, TaxRepresentative and PefInvoicing are authorizations of an entity, granted alone.";
        }
        else if (request.Kind == GrantKind.Authorization && !request.Permissions.All(IsAuthorization))
        {
            problem = "An authorization is one of SelfInvoicing, RRInvoicing, TaxRepresentative or PefInvoicing; grant invoice rights separately.";
        }
        else if (request.Kind == GrantKind.Subunit && (request.Permissions.Any(p => p != KsefPermission.CredentialsManage)
            || (request.SubunitInternalId is null) == (request.SubordinateNip is null)))
        {
            problem = "A subunit administrator gets CredentialsManage in one subunit: -SubunitInternalId or -SubordinateNip.";
        }
        else if (request.Kind == GrantKind.Subunit && request.SubunitInternalId is { } internalId && !(ContextIdentifier.InternalIdChecksumValid(internalId) && internalId.Length == 16 && internalId[10] == '-'))
        {
            problem = $"'{UntrustedText.Quote(internalId)}' is not an internal identifier: the NIP, a hyphen and 5 digits, the last a check digit.";
        }
        else if (request.Kind == GrantKind.Subunit && request.SubordinateNip is { } subordinate && !Nip.IsValid(subordinate))
        {
            problem = $"'{UntrustedText.Quote(subordinate)}' is not a NIP (-SubordinateNip).";
        }
        else if (request.Kind == GrantKind.EuAdministrator && (request.Subject.Type != PermissionSubjectType.Fingerprint || string.IsNullOrWhiteSpace(request.VatUe)
            || string.IsNullOrWhiteSpace(request.EuEntityName) || string.IsNullOrWhiteSpace(request.EuEntityAddress)))
        {
            problem = "An EU entity administrator is named by certificate fingerprint, with the EU VAT number (-VatUe), the EU entity's name and address (-EuEntityName, -EuEntityAddress).";
        }
        else if (request.Kind == GrantKind.EuAdministrator && request.Permissions.Any(p => p != KsefPermission.VatUeManage))
        {
            problem = "An EU entity administrator gets VatUeManage (which brings the invoice rights with it).";
        }
        else if (request.Kind is not GrantKind.EuAdministrator && request.Permissions.Contains(KsefPermission.VatUeManage))
        {
            problem = "VatUeManage is granted only to an EU entity's administrator (-Fingerprint with -VatUe).";
        }
        else if (request.Kind == GrantKind.EuRepresentative && (request.Subject.Type != PermissionSubjectType.Fingerprint
            || request.Permissions.Any(p => p is not (KsefPermission.InvoiceRead or KsefPermission.InvoiceWrite))))
        {
            problem = "An EU entity's representative is named by certificate fingerprint and gets InvoiceWrite and/or InvoiceRead.";
        }
        else if (request.Kind is GrantKind.EuAdministrator or GrantKind.EuRepresentative && request.EntityName is not null && string.IsNullOrWhiteSpace(request.EntityAddress))
        {
            problem = "An entity named by the fingerprint of its seal needs its address too (-EntityAddress).";
        }
        else if (request.Subject.Type == PermissionSubjectType.Fingerprint && request.EntityName is null && request.PersonIdentifier is null
            && (request.BirthDate is null || string.IsNullOrWhiteSpace(request.IdDocumentNumber) || string.IsNullOrWhiteSpace(request.IdDocumentType)
                || request.IdDocumentCountry is not { Length: 2 }))
        {
            problem = "A person named by certificate fingerprint needs their PESEL or NIP (-PersonIdentifier), or their birth date and identity document (-BirthDate, -IdDocumentType, -IdDocumentNumber, -IdDocumentCountry as two letters).";
        }
        else if (request.Kind == GrantKind.Person && request.Permissions.Any(IsAuthorization))
        {
            problem = "SelfInvoicing, RRInvoicing, TaxRepresentative and PefInvoicing authorize an entity (-EntityNip), not a person.";
        }
        else if (request.Kind is GrantKind.Entity or GrantKind.Authorization && (request.EntityName?.Length ?? 0) is < 5 or > 90)
        {
            problem = "An entity grant needs the entity's full name, 5 to 90 characters (-EntityName).";
        }
        else if ((request.Kind is GrantKind.Person or GrantKind.Indirect or GrantKind.Subunit || request.EntityName is null && request.Kind is GrantKind.EuAdministrator or GrantKind.EuRepresentative)
            && (request.FirstName?.Trim().Length < 2 || request.LastName?.Trim().Length < 2 || request.FirstName is null || request.LastName is null))
        {
            problem = "A person grant needs the person's first and last name (-FirstName, -LastName), as KSeF records them.";
        }
        else if (request.Kind == GrantKind.Indirect && request.TargetNip is { } target && !Nip.IsValid(target))
        {
            problem = $"'{UntrustedText.Quote(target)}' is not a NIP (-TargetNip).";
        }
        else if (request.Kind == GrantKind.Indirect && request.TargetNip is not null && request.AllPartners)
        {
            problem = "An indirect grant is for one client (-TargetNip) or for all (-AllPartners), not both.";
        }
        else if (request.CanDelegate && request.Kind != GrantKind.Entity)
        {
            problem = "Only grants to entities can be passed on (-CanDelegate goes with -EntityNip).";
        }
        if (problem is not null)
        {
            throw new KsefException(ErrorIds.PermissionGrantInvalid, KsefErrorKind.InvalidArgument, problem, request.Subject.ToString());
        }
    }

    private static (string Route, JsonObject Body) Body(PermissionGrantRequest request, IReadOnlyList<KsefPermission> permissions)
    {
        var subject = new JsonObject { ["type"] = request.Subject.Type.ToString(), ["value"] = request.Subject.Value };
        if (request.Kind == GrantKind.EuAdministrator)
        {
            return ("permissions/eu-entities/administration/grants", new JsonObject
            {
                ["subjectIdentifier"] = subject,
                ["contextIdentifier"] = new JsonObject { ["type"] = "NipVatUe", ["value"] = $"{request.ContextNip}-{request.VatUe!.Trim()}" },
                ["description"] = request.Description,
                ["euEntityName"] = request.EuEntityName,
                ["subjectDetails"] = FingerprintDetails(request),
                ["euEntityDetails"] = new JsonObject { ["fullName"] = request.EuEntityName, ["address"] = request.EuEntityAddress },
            });
        }
        if (request.Kind == GrantKind.EuRepresentative)
        {
            return ("permissions/eu-entities/grants", new JsonObject
            {
                ["subjectIdentifier"] = subject,
                ["permissions"] = new JsonArray(permissions.Select(p => (JsonNode)p.ToString()).ToArray()),
                ["description"] = request.Description,
                ["subjectDetails"] = FingerprintDetails(request),
            });
        }
        if (request.Kind == GrantKind.Authorization)
        {
            return ("permissions/authorizations/grants", new JsonObject
            {
                ["subjectIdentifier"] = subject,
                ["permission"] = permissions.Single().ToString(),
                ["description"] = request.Description,
                ["subjectDetails"] = new JsonObject { ["fullName"] = request.EntityName },
            });
        }
        if (request.Kind == GrantKind.Entity)
        {
            return ("permissions/entities/grants", new JsonObject
            {
                ["subjectIdentifier"] = subject,
                ["permissions"] = new JsonArray(permissions.Select(p => (JsonNode)new JsonObject { ["type"] = p.ToString(), ["canDelegate"] = request.CanDelegate }).ToArray()),
                ["description"] = request.Description,
                ["subjectDetails"] = new JsonObject { ["fullName"] = request.EntityName },
            });
        }
        var body = new JsonObject
        {
            ["subjectIdentifier"] = subject,
            ["permissions"] = new JsonArray(permissions.Select(p => (JsonNode)p.ToString()).ToArray()),
            ["description"] = request.Description,
            ["subjectDetails"] = PersonDetails(request),
        };
        if (request.Kind == GrantKind.Person)
        {
            return ("permissions/persons/grants", body);
        }
        if (request.Kind == GrantKind.Subunit)
        {
            body.Remove("permissions");
            body["contextIdentifier"] = request.SubunitInternalId is { } internalId
                ? new JsonObject { ["type"] = "InternalId", ["value"] = internalId }
                : new JsonObject { ["type"] = "Nip", ["value"] = request.SubordinateNip };
            if (request.SubunitName is { Length: > 0 } name)
            {
                body["subunitName"] = name;
            }
            return ("permissions/subunits/grants", body);
        }
        body["targetIdentifier"] = request.TargetNip is { } nip
            ? new JsonObject { ["type"] = "Nip", ["value"] = nip }
            : new JsonObject { ["type"] = "AllPartners" };
        return ("permissions/indirect/grants", body);
    }

    /// <summary>A person known by PESEL or NIP, or by the fingerprint of a certificate that carries neither.</summary>
    private static JsonObject PersonDetails(PermissionGrantRequest request) =>
        request.Subject.Type == PermissionSubjectType.Fingerprint
            ? FingerprintDetails(request)
            : new JsonObject { ["subjectDetailsType"] = "PersonByIdentifier", ["personById"] = Names(request) };

    /// <summary>
    /// Who a fingerprint belongs to: an entity by its seal (EU grants), a person with a PESEL or NIP, or a person with
    /// neither (birth date and identity document).
    /// </summary>
    private static JsonObject FingerprintDetails(PermissionGrantRequest request)
    {
        if (request.EntityName is not null && request.Kind is GrantKind.EuAdministrator or GrantKind.EuRepresentative)
        {
            return new JsonObject
            {
                ["subjectDetailsType"] = "EntityByFingerprint",
                ["entityByFp"] = new JsonObject { ["fullName"] = request.EntityName, ["address"] = request.EntityAddress },
            };
        }
        var names = Names(request);
        if (request.PersonIdentifier is { } identifier)
        {
            names["identifier"] = new JsonObject { ["type"] = identifier.Trim().Length == 11 ? "Pesel" : "Nip", ["value"] = identifier.Trim() };
            return new JsonObject { ["subjectDetailsType"] = "PersonByFingerprintWithIdentifier", ["personByFpWithId"] = names };
        }
        names["birthDate"] = request.BirthDate!.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        names["idDocument"] = new JsonObject
        {
            ["type"] = request.IdDocumentType, ["number"] = request.IdDocumentNumber, ["country"] = request.IdDocumentCountry!.ToUpperInvariant(),
        };
        return new JsonObject { ["subjectDetailsType"] = "PersonByFingerprintWithoutIdentifier", ["personByFpNoId"] = names };
    }

    private static JsonObject Names(PermissionGrantRequest request) =>
        new() { ["firstName"] = request.FirstName!.Trim(), ["lastName"] = request.LastName!.Trim() };

    /// <summary>The subject's active grants of the request's kind (and client, for indirect grants) in the current context.</summary>
    private static async Task<List<PermissionGrant>> HeldAsync(KsefSession session, PermissionGrantRequest request, CancellationToken cancellation)
    {
        var found = new List<PermissionGrant>();
        var filter = new PermissionFilter { Subject = request.Subject, State = "Active" };
        var listing = request.Kind switch
        {
            GrantKind.Authorization => Listing.AuthorizationsGranted,
            GrantKind.EuAdministrator or GrantKind.EuRepresentative => Listing.EuEntities,
            GrantKind.Subunit => Listing.SubunitAdministrators,
            _ => Listing.InCurrentContext,
        };
        try
        {
            await ListAsync(session, listing, filter, found.Add, cancellation).ConfigureAwait(false);
        }
        catch (KsefException e) when (e.ErrorId == ErrorIds.KsefForbidden)
        {
            // A session that may not read grants learns nothing here; the grant itself then says what it lacks.
            return [];
        }
        var target = request.Kind switch
        {
            GrantKind.Indirect => request.TargetNip ?? "AllPartners",
            GrantKind.Subunit => request.SubunitInternalId ?? request.SubordinateNip,
            GrantKind.EuAdministrator => request.VatUe?.Trim(),
            _ => null,
        };
        return found.Where(g => g.Kind == request.Kind.ToString() && (request.Kind == GrantKind.EuRepresentative || g.Target == target)).ToList();
    }

    private static async Task WaitAsync(KsefSession session, JsonNode started, string what, CancellationToken cancellation)
    {
        var reference = ReferenceNumber.Require(started["referenceNumber"]?.GetValue<string>());
        await StatusPolling.UntilDoneAsync(
            async () => (await session.SendAsync(HttpMethod.Get, "permissions/operations/" + reference, cancellation, idempotent: true).ConfigureAwait(false))!,
            session.Http.Options.AuthenticationTimeout,
            wait => Task.Delay(wait, cancellation),
            failure => new KsefException(ErrorIds.PermissionOperationFailed, KsefErrorKind.InvalidOperation,
                $"KSeF refused {what} in {session.Context}: {failure}.", reference) { Server = failure.AsServerError(reference) },
            () => new KsefException(ErrorIds.PermissionOperationTimeout, KsefErrorKind.ResourceUnavailable,
                $"KSeF has not finished {what} (operation {reference}); look again with Get-KsefPermission later.", reference)).ConfigureAwait(false);
    }

    private static PermissionGrant ReadPerson(JsonNode item)
    {
        var entity = item["subjectEntityDetails"];
        var target = item["targetIdentifier"];
        return Common(item) with
        {
            Kind = target is not null ? nameof(GrantKind.Indirect) : entity is not null ? nameof(GrantKind.Entity) : nameof(GrantKind.Person),
            Context = Identifier(item["contextIdentifier"]),
            Author = Identifier(item["authorIdentifier"]),
        };
    }

    private static PermissionGrant ReadPersonal(JsonNode item)
    {
        var target = item["targetIdentifier"];
        return Common(item) with
        {
            Kind = target is not null ? nameof(GrantKind.Indirect) : item["authorizedIdentifier"] is not null ? nameof(GrantKind.Entity) : nameof(GrantKind.Person),
            Context = Identifier(item["contextIdentifier"]),
        };
    }

    private static PermissionGrant ReadEuEntity(JsonNode item)
    {
        var person = item["subjectPersonDetails"];
        var permission = item["permissionScope"]!.GetValue<string>();
        return new PermissionGrant
        {
            Id = item["id"]!.GetValue<string>(),
            Permission = permission,
            Kind = permission == "VatUeManage" ? nameof(GrantKind.EuAdministrator) : nameof(GrantKind.EuRepresentative),
            AuthorizedType = "Fingerprint",
            Authorized = item["authorizedFingerprintIdentifier"]?.GetValue<string>(),
            Name = person is not null ? $"{person["firstName"]?.GetValue<string>()} {person["lastName"]?.GetValue<string>()}".Trim() : item["subjectEntityDetails"]?["fullName"]?.GetValue<string>(),
            Target = item["vatUeIdentifier"]?.GetValue<string>(),
            Context = item["euEntityName"]?.GetValue<string>(),
            Author = Identifier(item["authorIdentifier"]),
            Description = item["description"]?.GetValue<string>() ?? "",
            StartDate = Date(item["startDate"]),
            State = "Active",
        };
    }

    private static PermissionGrant ReadSubunit(JsonNode item) => Common(item) with
    {
        Kind = nameof(GrantKind.Subunit),
        Target = item["subunitIdentifier"]?["value"]?.GetValue<string>(),
        Author = Identifier(item["authorIdentifier"]),
        State = "Active",
    };

    private static PermissionGrant ReadAuthorization(JsonNode item) => new()
    {
        Id = item["id"]!.GetValue<string>(),
        Permission = item["authorizationScope"]!.GetValue<string>(),
        Kind = nameof(GrantKind.Authorization),
        AuthorizedType = item["authorizedEntityIdentifier"]?["type"]?.GetValue<string>(),
        Authorized = item["authorizedEntityIdentifier"]?["value"]?.GetValue<string>(),
        Name = item["subjectEntityDetails"]?["fullName"]?.GetValue<string>(),
        Context = Identifier(item["authorizingEntityIdentifier"]),
        Author = Identifier(item["authorIdentifier"]),
        Description = item["description"]?.GetValue<string>() ?? "",
        StartDate = Date(item["startDate"]),
        State = "Active",
    };

    private static PermissionGrant ReadReceived(JsonNode item) => new()
    {
        Id = item["id"]!.GetValue<string>(),
        Permission = item["permissionScope"]!.GetValue<string>(),
        Kind = nameof(GrantKind.Entity),
        Context = Identifier(item["contextIdentifier"]),
        Description = item["description"]?.GetValue<string>() ?? "",
        CanDelegate = item["canDelegate"]?.GetValue<bool>() == true,
        StartDate = Date(item["startDate"]),
        State = "Active",
    };

    private static PermissionGrant Common(JsonNode item)
    {
        var person = item["subjectPersonDetails"];
        var entity = item["subjectEntityDetails"];
        return new PermissionGrant
        {
            Id = item["id"]!.GetValue<string>(),
            Permission = item["permissionScope"]!.GetValue<string>(),
            Kind = nameof(GrantKind.Person),
            AuthorizedType = item["authorizedIdentifier"]?["type"]?.GetValue<string>(),
            Authorized = item["authorizedIdentifier"]?["value"]?.GetValue<string>(),
            Name = person is not null ? $"{person["firstName"]?.GetValue<string>()} {person["lastName"]?.GetValue<string>()}".Trim() : entity?["fullName"]?.GetValue<string>(),
            Target = item["targetIdentifier"] is { } target ? target["value"]?.GetValue<string>() ?? target["type"]?.GetValue<string>() : null,
            Description = item["description"]?.GetValue<string>() ?? "",
            State = item["permissionState"]?.GetValue<string>(),
            CanDelegate = item["canDelegate"]?.GetValue<bool>() == true,
            StartDate = Date(item["startDate"]),
        };
    }

    private static string? Identifier(JsonNode? node) =>
        node is null ? null : node["value"]?.GetValue<string>() is { Length: > 0 } value ? $"{node["type"]}:{value}" : node["type"]?.GetValue<string>();

    private static DateTimeOffset? Date(JsonNode? node) =>
        node is null ? null : DateTimeOffset.Parse(node.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}
