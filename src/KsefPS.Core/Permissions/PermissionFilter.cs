using System.Text.Json.Nodes;

namespace KsefPS.Core.Permissions;

/// <summary>Which grants Get-KsefPermission shows: of one holder, of some permissions, in one state.</summary>
public sealed record PermissionFilter
{
    public PermissionSubject? Subject { get; init; }

    /// <summary>Permission names (any value KSeF lists, known to KsefPS or not); empty for all.</summary>
    public IReadOnlyList<string> Permissions { get; init; } = [];

    /// <summary>Active or Inactive; null for both.</summary>
    public string? State { get; init; }

    /// <summary>The body of POST /permissions/query/persons/grants: holder and state are filtered by KSeF, the permissions here.</summary>
    internal JsonObject ToPersonsQuery(bool grantedByMe)
    {
        var query = new JsonObject { ["queryType"] = grantedByMe ? "PermissionsGrantedInCurrentContext" : "PermissionsInCurrentContext" };
        if (Subject is not null)
        {
            query["authorizedIdentifier"] = new JsonObject { ["type"] = Subject.Type.ToString(), ["value"] = Subject.Value };
        }
        if (State is not null)
        {
            query["permissionState"] = State;
        }
        return query;
    }

    /// <summary>The body of POST /permissions/query/authorizations/grants: given (Granted) or received (Received) authorizations.</summary>
    internal JsonObject ToAuthorizationsQuery(bool received)
    {
        var query = new JsonObject { ["queryType"] = received ? "Received" : "Granted" };
        if (!received && Subject is { Type: PermissionSubjectType.Nip })
        {
            query["authorizedIdentifier"] = new JsonObject { ["type"] = "Nip", ["value"] = Subject.Value };
        }
        return query;
    }

    internal JsonObject ToEuQuery() =>
        Subject is { Type: PermissionSubjectType.Fingerprint } ? new JsonObject { ["authorizedFingerprintIdentifier"] = Subject.Value } : [];

    internal JsonObject ToPersonalQuery() => State is null ? [] : new JsonObject { ["permissionState"] = State };

    /// <summary>What KSeF's query cannot filter (or did not, for listings without such a filter) is filtered here.</summary>
    internal bool Admits(PermissionGrant grant) =>
        (Permissions.Count == 0 || Permissions.Contains(grant.Permission, StringComparer.OrdinalIgnoreCase))
        && (State is null || grant.State is null || string.Equals(State, grant.State, StringComparison.OrdinalIgnoreCase))
        && (Subject is null || grant.Authorized is null || (grant.AuthorizedType == Subject.Type.ToString() && string.Equals(grant.Authorized, Subject.Value, StringComparison.OrdinalIgnoreCase)));
}
