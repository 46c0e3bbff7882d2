using System.Globalization;
using System.Text.Json.Nodes;

namespace KsefPS.Core.Permissions;

/// <summary>The request bodies of the grant endpoints, one per kind of grant.</summary>
public static partial class KsefPermissions
{
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
}
