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
public static partial class KsefPermissions
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
        Validate(request, Environments.KsefEnvironmentInfo.For(session.Environment).ChecksNipControlDigits);
        var before = await HeldAsync(session, request, cancellation).ConfigureAwait(false);
        var held = request.Permissions.Where(p => before.Any(g => g.Permission == p.ToString())).Distinct().ToList();
        var missing = request.Permissions.Except(held).Distinct().ToList();
        // An authorization names one permission per request; the other kinds take them together.
        foreach (var batch in request.Kind == GrantKind.Authorization ? missing.Select(p => (IReadOnlyList<KsefPermission>)[p]) : missing.Count > 0 ? [missing] : [])
        {
            var (route, body) = Body(request, batch);
            narrate?.Invoke($"Granting {string.Join(", ", batch)} to {request.Subject} in {session.Context} ({request.Kind}).");
            var started = RequiredValues.Object(await session.SendAsync(HttpMethod.Post, route, cancellation, body).ConfigureAwait(false));
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
        var started = RequiredValues.Object(await session.SendAsync(HttpMethod.Delete, route, cancellation).ConfigureAwait(false));
        await WaitAsync(session, started, $"revoking permission {permissionId}", cancellation).ConfigureAwait(false);
    }

    /// <summary>The grants of <paramref name="listing"/>, page by page, each page handed to <paramref name="emit"/> as it arrives.</summary>
    public static async Task ListAsync(KsefSession session, Listing listing, PermissionFilter filter, Action<PermissionGrant> emit, CancellationToken cancellation)
    {
        var (route, body, read) = listing switch
        {
            Listing.Mine => ("permissions/query/personal/grants", filter.ToPersonalQuery(), (Func<JsonNode, PermissionGrant>)ReadPersonal),
            Listing.Received => ("permissions/query/entities/grants", filter.ToReceivedQuery(), ReadReceived),
            Listing.AuthorizationsGranted => ("permissions/query/authorizations/grants", filter.ToAuthorizationsQuery(received: false), ReadAuthorization),
            Listing.AuthorizationsReceived => ("permissions/query/authorizations/grants", filter.ToAuthorizationsQuery(received: true), ReadAuthorization),
            Listing.SubunitAdministrators => ("permissions/query/subunits/grants", filter.ToSubunitsQuery(), ReadSubunit),
            Listing.EuEntities => ("permissions/query/eu-entities/grants", filter.ToEuQuery(), ReadEuEntity),
            _ => ("permissions/query/persons/grants", filter.ToPersonsQuery(listing == Listing.GrantedByMe), ReadPerson),
        };
        for (var page = 0; ; page++)
        {
            var answer = RequiredValues.Object(await session.SendAsync(HttpMethod.Post, $"{route}?pageOffset={page}&pageSize={PageSize}", cancellation,
                body.DeepClone(), idempotent: true).ConfigureAwait(false));
            foreach (var item in RequiredValues.Entries(answer["permissions"] ?? answer["authorizationGrants"], "permissions"))
            {
                var grant = read(item);
                if (filter.Admits(grant))
                {
                    emit(grant);
                }
            }
            if (AnswerValues.Flag(answer["hasMore"]) != true)
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
            var answer = RequiredValues.Object(await session.SendAsync(method, $"{route}?pageOffset={page}&pageSize={PageSize}", cancellation, body?.DeepClone(), idempotent: true)
                .ConfigureAwait(false));
            foreach (var item in RequiredValues.Entries(answer["roles"], "roles"))
            {
                emit(new EntityRoleInfo(RequiredValues.Text(item, "role"), Identifier(item["subordinateEntityIdentifier"]), Identifier(item["parentEntityIdentifier"]),
                    AnswerValues.Text(item["description"]) ?? "", AnswerValues.Date(item["startDate"])));
            }
            if (AnswerValues.Flag(answer["hasMore"]) != true)
            {
                return;
            }
        }
    }

    /// <summary>Whether the current context may send invoices with attachments (consent given in e-Urząd Skarbowy), and until when.</summary>
    public static async Task<AttachmentPermission> AttachmentsAsync(KsefSession session, CancellationToken cancellation)
    {
        var answer = RequiredValues.Object(await session.SendAsync(HttpMethod.Get, "permissions/attachments/status", cancellation, idempotent: true).ConfigureAwait(false));
        return new AttachmentPermission(session.Context.ToString(), AnswerValues.Flag(answer["isAttachmentAllowed"]) == true, AnswerValues.Date(answer["revokedDate"]));
    }

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
        var reference = ReferenceNumber.Require(AnswerValues.Text(started["referenceNumber"]));
        await StatusPolling.UntilDoneAsync(
            async () => RequiredValues.Object(await session.SendAsync(HttpMethod.Get, "permissions/operations/" + reference, cancellation, idempotent: true).ConfigureAwait(false)),
            session.Http.Options.AuthenticationTimeout,
            wait => Task.Delay(wait, cancellation),
            failure => new KsefException(ErrorIds.PermissionOperationFailed, KsefErrorKind.InvalidOperation,
                $"KSeF refused {what} in {session.Context}: {failure}.", reference) { Server = failure.AsServerError(reference) },
            () => new KsefException(ErrorIds.PermissionOperationTimeout, KsefErrorKind.ResourceUnavailable,
                $"KSeF has not finished {what} (operation {reference}); look again with Get-KsefPermission later.", reference)).ConfigureAwait(false);
    }

}
