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
        app.MapPost("/v2/testdata/permissions", endpoints.GrantPermissions);
        app.MapPost("/v2/testdata/permissions/revoke", endpoints.RevokePermissions);
        app.MapPost("/v2/testdata/attachment", endpoints.AllowAttachments);
        app.MapPost("/v2/testdata/attachment/revoke", endpoints.RevokeAttachments);
    }

    private IResult AddPerson(HttpContext http, JsonObject request)
    {
        var nip = request.Get("nip");
        var pesel = request.Get("pesel");
        if (nip is not { Length: 10 } || pesel is not { Length: 11 })
        {
            return Errors.InvalidInput(http, "nip (10 digits) and pesel (11 digits) are required.");
        }
        state.PeselToNip[pesel] = nip;
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
        foreach (var permission in granted.Where(p => !permissions.Active.Any(g => g.Kind == GrantKind.Person && g.Context == context
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
        foreach (var grant in permissions.Active.Where(g => g.Context == context && g.Authorized == authorized))
        {
            grant.Active = false;
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
