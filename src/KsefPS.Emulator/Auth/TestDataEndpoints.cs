using System.Text.Json.Nodes;
using KsefPS.Emulator.Infrastructure;

namespace KsefPS.Emulator.Auth;

/// <summary>/v2/testdata/*: what KSeF TEST offers to set up people and grants (BRIEF §2.1, §6.8).</summary>
public sealed class TestDataEndpoints(AuthState state)
{
    public static void Map(WebApplication app)
    {
        var endpoints = ActivatorUtilities.CreateInstance<TestDataEndpoints>(app.Services);
        app.MapPost("/v2/testdata/person", endpoints.AddPerson);
        app.MapPost("/v2/testdata/permissions", endpoints.GrantPermissions);
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

    private IResult GrantPermissions(HttpContext http, JsonObject request)
    {
        var context = request.GetObject("contextIdentifier");
        var authorized = request.GetObject("authorizedIdentifier");
        var permissions = request.GetArray("permissions")?.OfType<JsonObject>()
            .Select(p => p.Get("permissionType") ?? "").Where(p => p.Length > 0).ToArray() ?? [];
        if (context?.Get("value") is not { Length: 10 } contextNip || authorized?.Get("type") is not { } type || authorized.Get("value") is not { } value || permissions.Length == 0)
        {
            return Errors.InvalidInput(http, "contextIdentifier, authorizedIdentifier and permissions are required.");
        }
        state.Grants[(new Identifier(type, value), contextNip)] = permissions;
        return Results.Ok();
    }
}
