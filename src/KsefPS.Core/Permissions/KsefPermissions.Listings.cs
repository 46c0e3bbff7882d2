using System.Text.Json.Nodes;
using KsefPS.Core.Api;

namespace KsefPS.Core.Permissions;

/// <summary>KSeF's listings of grants read into <see cref="PermissionGrant"/>, one reader per listing.</summary>
public static partial class KsefPermissions
{
    private static PermissionGrant ReadPerson(JsonNode item)
    {
        var entity = item["subjectEntityDetails"] as JsonObject;
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
        var person = item["subjectPersonDetails"] as JsonObject;
        var permission = RequiredValues.Text(item, "permissionScope");
        return new PermissionGrant
        {
            Id = RequiredValues.Text(item, "id"),
            Permission = permission,
            Kind = permission == "VatUeManage" ? nameof(GrantKind.EuAdministrator) : nameof(GrantKind.EuRepresentative),
            AuthorizedType = "Fingerprint",
            Authorized = AnswerValues.Text(item["authorizedFingerprintIdentifier"]),
            Name = person is not null ? $"{AnswerValues.Text(person["firstName"])} {AnswerValues.Text(person["lastName"])}".Trim() : AnswerValues.Text(AnswerValues.At(item, "subjectEntityDetails", "fullName")),
            Target = AnswerValues.Text(item["vatUeIdentifier"]),
            Context = AnswerValues.Text(item["euEntityName"]),
            Author = Identifier(item["authorIdentifier"]),
            Description = AnswerValues.Text(item["description"]) ?? "",
            StartDate = AnswerValues.Date(item["startDate"]),
            State = "Active",
        };
    }

    private static PermissionGrant ReadSubunit(JsonNode item) => Common(item) with
    {
        Kind = nameof(GrantKind.Subunit),
        Target = AnswerValues.Text(AnswerValues.At(item, "subunitIdentifier", "value")),
        Author = Identifier(item["authorIdentifier"]),
        State = "Active",
    };

    private static PermissionGrant ReadAuthorization(JsonNode item) => new()
    {
        Id = RequiredValues.Text(item, "id"),
        Permission = RequiredValues.Text(item, "authorizationScope"),
        Kind = nameof(GrantKind.Authorization),
        AuthorizedType = AnswerValues.Text(AnswerValues.At(item, "authorizedEntityIdentifier", "type")),
        Authorized = AnswerValues.Text(AnswerValues.At(item, "authorizedEntityIdentifier", "value")),
        Name = AnswerValues.Text(AnswerValues.At(item, "subjectEntityDetails", "fullName")),
        Context = Identifier(item["authorizingEntityIdentifier"]),
        Author = Identifier(item["authorIdentifier"]),
        Description = AnswerValues.Text(item["description"]) ?? "",
        StartDate = AnswerValues.Date(item["startDate"]),
        State = "Active",
    };

    private static PermissionGrant ReadReceived(JsonNode item) => new()
    {
        Id = RequiredValues.Text(item, "id"),
        Permission = RequiredValues.Text(item, "permissionScope"),
        Kind = nameof(GrantKind.Entity),
        Context = Identifier(item["contextIdentifier"]),
        Description = AnswerValues.Text(item["description"]) ?? "",
        CanDelegate = AnswerValues.Flag(item["canDelegate"]) == true,
        StartDate = AnswerValues.Date(item["startDate"]),
        State = "Active",
    };

    private static PermissionGrant Common(JsonNode item)
    {
        var person = item["subjectPersonDetails"] as JsonObject;
        var entity = item["subjectEntityDetails"] as JsonObject;
        return new PermissionGrant
        {
            Id = RequiredValues.Text(item, "id"),
            Permission = RequiredValues.Text(item, "permissionScope"),
            Kind = nameof(GrantKind.Person),
            AuthorizedType = AnswerValues.Text(AnswerValues.At(item, "authorizedIdentifier", "type")),
            Authorized = AnswerValues.Text(AnswerValues.At(item, "authorizedIdentifier", "value")),
            Name = person is not null ? $"{AnswerValues.Text(person["firstName"])} {AnswerValues.Text(person["lastName"])}".Trim() : AnswerValues.Text(entity?["fullName"]),
            Target = AnswerValues.Text(AnswerValues.At(item, "targetIdentifier", "value")) ?? AnswerValues.Text(AnswerValues.At(item, "targetIdentifier", "type")),
            Description = AnswerValues.Text(item["description"]) ?? "",
            State = AnswerValues.Text(item["permissionState"]),
            CanDelegate = AnswerValues.Flag(item["canDelegate"]) == true,
            StartDate = AnswerValues.Date(item["startDate"]),
        };
    }

    private static string? Identifier(JsonNode? node) =>
        node is not JsonObject ? null : AnswerValues.Text(node["value"]) is { Length: > 0 } value ? $"{node["type"]}:{value}" : AnswerValues.Text(node["type"]);
}
