using System.Text.Json.Nodes;

namespace KsefPS.Core.Permissions;

/// <summary>
/// Which grants Get-KsefPermission shows, with the filters KSeF's queries offer: the holder, the permissions, the state,
/// who granted them, the client of an indirect grant, the granting context, the subunit, the EU VAT number. What a
/// query cannot filter is filtered here.
/// </summary>
public sealed record PermissionFilter
{
    public PermissionSubject? Subject { get; init; }

    /// <summary>Permission names (any value KSeF lists, known to KsefPS or not); empty for all.</summary>
    public IReadOnlyList<string> Permissions { get; init; } = [];

    /// <summary>Active or Inactive; null for both.</summary>
    public string? State { get; init; }

    /// <summary>Who granted them: a PESEL, NIP or fingerprint.</summary>
    public PermissionSubject? Author { get; init; }

    /// <summary>The client of indirect grants: a NIP, or "AllPartners" for the general ones.</summary>
    public string? Target { get; init; }

    /// <summary>The context (NIP) that granted them, for one's own and received permissions.</summary>
    public string? GrantingNip { get; init; }

    /// <summary>A subunit: its internal identifier or a subordinate entity's NIP.</summary>
    public string? Subunit { get; init; }

    /// <summary>An EU entity's VAT number.</summary>
    public string? VatUe { get; init; }

    /// <summary>The body of POST /permissions/query/persons/grants.</summary>
    internal JsonObject ToPersonsQuery(bool grantedByMe)
    {
        var query = new JsonObject { ["queryType"] = grantedByMe ? "PermissionsGrantedInCurrentContext" : "PermissionsInCurrentContext" };
        if (Subject is not null)
        {
            query["authorizedIdentifier"] = Identifier(Subject);
        }
        if (Author is not null)
        {
            query["authorIdentifier"] = Identifier(Author);
        }
        if (TargetIdentifier() is { } target)
        {
            query["targetIdentifier"] = target;
        }
        if (State is not null)
        {
            query["permissionState"] = State;
        }
        return query;
    }

    internal JsonObject ToPersonalQuery()
    {
        var query = new JsonObject();
        if (GrantingNip is not null)
        {
            query["contextIdentifier"] = Nip(GrantingNip);
        }
        if (TargetIdentifier() is { } target)
        {
            query["targetIdentifier"] = target;
        }
        if (State is not null)
        {
            query["permissionState"] = State;
        }
        return query;
    }

    internal JsonObject ToReceivedQuery() => GrantingNip is null ? [] : new JsonObject { ["contextIdentifier"] = Nip(GrantingNip) };

    /// <summary>The body of POST /permissions/query/authorizations/grants: given (Granted) or received (Received) authorizations.</summary>
    internal JsonObject ToAuthorizationsQuery(bool received)
    {
        var query = new JsonObject { ["queryType"] = received ? "Received" : "Granted" };
        if (!received && Subject is { Type: PermissionSubjectType.Nip or PermissionSubjectType.PeppolId })
        {
            query["authorizedIdentifier"] = Identifier(Subject);
        }
        if (received && GrantingNip is not null)
        {
            query["authorizingIdentifier"] = Nip(GrantingNip);
        }
        return query;
    }

    internal JsonObject ToSubunitsQuery() => Subunit is null ? [] : new JsonObject
    {
        ["subunitIdentifier"] = new JsonObject { ["type"] = Subunit.Length == 10 ? "Nip" : "InternalId", ["value"] = Subunit },
    };

    internal JsonObject ToEuQuery()
    {
        var query = new JsonObject();
        if (Subject is { Type: PermissionSubjectType.Fingerprint })
        {
            query["authorizedFingerprintIdentifier"] = Subject.Value;
        }
        if (VatUe is not null)
        {
            query["vatUeIdentifier"] = VatUe;
        }
        return query;
    }

    /// <summary>What KSeF's query cannot filter (or did not, for listings without such a filter) is filtered here.</summary>
    internal bool Admits(PermissionGrant grant) =>
        (Permissions.Count == 0 || Permissions.Contains(grant.Permission, StringComparer.OrdinalIgnoreCase))
        && (State is null || grant.State is null || string.Equals(State, grant.State, StringComparison.OrdinalIgnoreCase))
        && (Subject is null || grant.Authorized is null || (grant.AuthorizedType == Subject.Type.ToString() && string.Equals(grant.Authorized, Subject.Value, StringComparison.OrdinalIgnoreCase)))
        && (Target is null || grant.Target is null || string.Equals(grant.Target, Target, StringComparison.OrdinalIgnoreCase))
        && (Author is null || grant.Author is null || string.Equals(grant.Author, Author.ToString(), StringComparison.OrdinalIgnoreCase));

    private JsonObject? TargetIdentifier() => Target switch
    {
        null => null,
        "AllPartners" => new JsonObject { ["type"] = "AllPartners" },
        var nip => Nip(nip),
    };

    private static JsonObject Identifier(PermissionSubject subject) => new() { ["type"] = subject.Type.ToString(), ["value"] = subject.Value };

    private static JsonObject Nip(string nip) => new() { ["type"] = "Nip", ["value"] = nip };
}
