using System.Text.Json.Nodes;
using KsefPS.Emulator.Infrastructure;
using KsefPS.Emulator.Permissions;

namespace KsefPS.Emulator.Auth;

/// <summary>/v2/testdata/*: what KSeF TEST offers to set up people, grants and attachment consent (BRIEF §2.1, §6.8).</summary>
public sealed class TestDataEndpoints(AuthState state, PermissionState permissions)
{
    public static void Map(WebApplication app)
    {
        var endpoints = ActivatorUtilities.CreateInstance<TestDataEndpoints>(app.Services);
        app.MapPost("/v2/testdata/person", endpoints.AddPerson);
        app.MapPost("/v2/testdata/person/remove", endpoints.RemovePerson);
        app.MapPost("/v2/testdata/subject", endpoints.AddSubject);
        app.MapPost("/v2/testdata/subject/remove", endpoints.RemoveSubject);
        app.MapPost("/v2/testdata/context/block", endpoints.Block);
        app.MapPost("/v2/testdata/context/unblock", endpoints.Unblock);
        app.MapPost("/v2/testdata/permissions", endpoints.GrantPermissions);
        app.MapPost("/v2/testdata/permissions/revoke", endpoints.RevokePermissions);
        app.MapPost("/v2/testdata/attachment", endpoints.AllowAttachments);
        app.MapPost("/v2/testdata/attachment/revoke", endpoints.RevokeAttachments);
    }

    private IResult AddPerson(HttpContext http, JsonObject request)
    {
        var nip = request.Get("nip");
        var pesel = request.Get("pesel");
        if (nip is not { Length: 10 } || pesel is not { Length: 11 } || request["isBailiff"] is not JsonValue bailiffFlag || !bailiffFlag.TryGetValue<bool>(out var bailiff)
            || request.Get("description") is not { Length: >= 5 and <= 256 })
        {
            return Errors.InvalidInput(http, "nip (10 digits), pesel (11 digits), isBailiff and description (5-256 characters) are required.");
        }
        state.PeselToNip[pesel] = nip;
        if (bailiff)
        {
            state.Bailiffs[nip] = true;
        }
        else
        {
            state.Bailiffs.TryRemove(nip, out _);
        }
        return Results.Ok();
    }

    private IResult RemovePerson(HttpContext http, JsonObject request)
    {
        if (request.Get("nip") is not { Length: 10 } nip)
        {
            return Errors.InvalidInput(http, "nip (10 digits) is required.");
        }
        foreach (var link in state.PeselToNip.Where(l => l.Value == nip).ToList())
        {
            state.PeselToNip.TryRemove(link);
        }
        state.Bailiffs.TryRemove(nip, out _);
        return Results.Ok();
    }

    /// <summary>A test subject with a role (EnforcementAuthority) or subunits (VatGroup, JST), as /testdata/subject makes it.</summary>
    private IResult AddSubject(HttpContext http, JsonObject request)
    {
        var nip = request.Get("subjectNip");
        var type = request.Get("subjectType");
        var subunits = request.GetArray("subunits")?.OfType<JsonObject>().Select(u => u.Get("subjectNip") ?? "").ToArray() ?? [];
        if (nip is not { Length: 10 } || type is not ("EnforcementAuthority" or "VatGroup" or "JST") || request.Get("description") is not { Length: >= 5 and <= 256 }
            || subunits.Any(u => u.Length != 10) || (subunits.Length > 0 && type == "EnforcementAuthority"))
        {
            return Errors.InvalidInput(http, "subjectNip, subjectType (EnforcementAuthority, VatGroup or JST), description (5-256) are required; subunits only for VatGroup and JST.");
        }
        state.Subjects[nip] = (type, subunits);
        return Results.Ok();
    }

    private IResult RemoveSubject(HttpContext http, JsonObject request)
    {
        if (request.Get("subjectNip") is not { Length: 10 } nip)
        {
            return Errors.InvalidInput(http, "subjectNip (10 digits) is required.");
        }
        state.Subjects.TryRemove(nip, out _);
        return Results.Ok();
    }

    private IResult Block(HttpContext http, JsonObject request) => SetBlocked(http, request, true);

    private IResult Unblock(HttpContext http, JsonObject request) => SetBlocked(http, request, false);

    private IResult SetBlocked(HttpContext http, JsonObject request, bool blocked)
    {
        if (request.GetObject("contextIdentifier")?.Get("value") is not { Length: >= 10 } value)
        {
            return Errors.InvalidInput(http, "contextIdentifier is required.");
        }
        if (blocked)
        {
            state.BlockedContexts[value] = true;
        }
        else
        {
            state.BlockedContexts.TryRemove(value, out _);
        }
        return Results.Ok();
    }

    /// <summary>Person grants made by the system (authorIdentifier type System), at once.</summary>
    private IResult GrantPermissions(HttpContext http, JsonObject request)
    {
        var (context, authorized) = Read(request);
        if (context is null || authorized is null)
        {
            return Errors.InvalidInput(http, "contextIdentifier and authorizedIdentifier are required.");
        }
        var granted = request.GetArray("permissions")?.OfType<JsonObject>()
            .Select(p => p.Get("permissionType") ?? "").Where(p => p.Length > 0).Distinct().ToArray() ?? [];
        if (granted.Length == 0)
        {
            return Errors.InvalidInput(http, "permissions are required.");
        }
        foreach (var permission in granted.Where(p => !permissions.Settled().Any(g => g.Kind == GrantKind.Person && g.Context == context
            && g.Authorized == authorized && g.Permission == p)))
        {
            var id = Guid.NewGuid().ToString();
            permissions.Grants[id] = new PermissionGrant
            {
                Id = id, Kind = GrantKind.Person, Context = context, Authorized = authorized, Permission = permission,
                Description = "Test data", Author = new Identifier("System", ""), Start = DateTimeOffset.UtcNow,
            };
        }
        return Results.Ok();
    }

    private IResult RevokePermissions(HttpContext http, JsonObject request)
    {
        var (context, authorized) = Read(request);
        if (context is null || authorized is null)
        {
            return Errors.InvalidInput(http, "contextIdentifier and authorizedIdentifier are required.");
        }
        foreach (var grant in permissions.Settled().Where(g => g.Context == context && g.Authorized == authorized).ToList())
        {
            permissions.Revoke(grant);
        }
        return Results.Ok();
    }

    private IResult AllowAttachments(HttpContext http, JsonObject request)
    {
        if (request.Get("nip") is not { Length: 10 } nip)
        {
            return Errors.InvalidInput(http, "nip (10 digits) is required.");
        }
        permissions.AttachmentConsents[nip] = null;
        return Results.Ok();
    }

    private IResult RevokeAttachments(HttpContext http, JsonObject request)
    {
        if (request.Get("nip") is not { Length: 10 } nip)
        {
            return Errors.InvalidInput(http, "nip (10 digits) is required.");
        }
        permissions.AttachmentConsents[nip] = DateTimeOffset.UtcNow;
        return Results.Ok();
    }

    private static (Identifier? Context, Identifier? Authorized) Read(JsonObject request)
    {
        var context = request.GetObject("contextIdentifier");
        var authorized = request.GetObject("authorizedIdentifier");
        return (context?.Get("value") is { Length: >= 10 } contextValue ? new Identifier(context.Get("type") ?? "Nip", contextValue) : null,
            authorized?.Get("type") is { } type && authorized.Get("value") is { Length: > 0 } value ? new Identifier(type, value) : null);
    }
}
