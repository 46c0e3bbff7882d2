using System.Text.Json.Nodes;
using KsefPS.Core.Api;

namespace KsefPS.Core.Permissions;

/// <summary>KSeF's listings of grants read into <see cref="PermissionGrant"/>, one reader per listing.</summary>
public static partial class KsefPermissions
{
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
            StartDate = AnswerValues.Date(item["startDate"]),
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
        StartDate = AnswerValues.Date(item["startDate"]),
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
        StartDate = AnswerValues.Date(item["startDate"]),
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
            StartDate = AnswerValues.Date(item["startDate"]),
        };
    }

    private static string? Identifier(JsonNode? node) =>
        node is null ? null : node["value"]?.GetValue<string>() is { Length: > 0 } value ? $"{node["type"]}:{value}" : node["type"]?.GetValue<string>();
}
