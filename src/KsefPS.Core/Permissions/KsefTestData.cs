using System.Text.Json.Nodes;
using KsefPS.Core.Api;
using KsefPS.Core.Environments;
using KsefPS.Core.Errors;
using KsefPS.Core.Identifiers;

namespace KsefPS.Core.Permissions;

/// <summary>
/// KSeF TEST's test-data operations (/testdata/*): subjects with roles and subunits, persons linked to a NIP, attachment
/// consent, blocked contexts. TEST only: Demo and Production have no such endpoints, and KsefPS refuses to call them there.
/// </summary>
public sealed class KsefTestData
{
    private readonly KsefHttpClient _http;

    private KsefTestData(KsefHttpClient http) => _http = http;

    /// <summary>The test-data API of <paramref name="apiUrl"/>; refused unless <paramref name="environment"/> is Test and the URL is not Demo's or Production's.</summary>
    public static KsefTestData For(KsefEnvironment environment, Uri apiUrl, KsefApiOptions options, Action<string>? narrate)
    {
        RequireTest(environment, apiUrl);
        return new KsefTestData(new KsefHttpClient(apiUrl, options, narrate));
    }

    /// <summary>TestOnly unless <paramref name="environment"/> is Test and the URL is not Demo's or Production's.</summary>
    public static void RequireTest(KsefEnvironment environment, Uri apiUrl)
    {
        var production = KsefEnvironmentInfo.For(KsefEnvironment.Production).ApiUrl;
        var demo = KsefEnvironmentInfo.For(KsefEnvironment.Demo).ApiUrl;
        if (environment != KsefEnvironment.Test || apiUrl.Host == production.Host || apiUrl.Host == demo.Host)
        {
            throw new KsefException(ErrorIds.TestOnly, KsefErrorKind.InvalidOperation,
                $"Test data exists only in KSeF TEST; this is {environment} ({apiUrl.Host}). Nothing was sent.", environment);
        }
    }

    public Task AddSubjectAsync(string nip, TestSubjectType type, string description, IReadOnlyList<string> subunits, CancellationToken cancellation)
    {
        var body = new JsonObject
        {
            ["subjectNip"] = Nip.Require(nip, controlDigit: false),
            ["subjectType"] = type.ToString(),
            ["description"] = Description(description),
        };
        if (subunits.Count > 0)
        {
            body["subunits"] = new JsonArray(subunits.Select(u => (JsonNode)new JsonObject { ["subjectNip"] = Nip.Require(u, controlDigit: false), ["description"] = Description(description) }).ToArray());
        }
        return _http.SendAsync(HttpMethod.Post, "testdata/subject", cancellation, json: body);
    }

    public Task AddPersonAsync(string nip, string pesel, bool bailiff, string description, CancellationToken cancellation)
    {
        if (!Pesel.IsValid(pesel))
        {
            throw new KsefException(ErrorIds.PermissionSubjectInvalid, KsefErrorKind.InvalidArgument, $"'{Security.UntrustedText.Quote(pesel)}' is not a PESEL.", pesel);
        }
        return _http.SendAsync(HttpMethod.Post, "testdata/person", cancellation, json: new JsonObject
        {
            ["nip"] = Nip.Require(nip, controlDigit: false),
            ["pesel"] = pesel,
            ["isBailiff"] = bailiff,
            ["description"] = Description(description),
        });
    }

    /// <summary>Removes a test subject; KSeF removes the subunits of a VAT group or local government unit with it.</summary>
    public Task RemoveSubjectAsync(string nip, CancellationToken cancellation) =>
        _http.SendAsync(HttpMethod.Post, "testdata/subject/remove", cancellation, json: new JsonObject { ["subjectNip"] = Nip.Require(nip, controlDigit: false) });

    /// <summary>Removes the test person linked to <paramref name="nip"/>; KSeF takes back every permission it had.</summary>
    public Task RemovePersonAsync(string nip, CancellationToken cancellation) =>
        _http.SendAsync(HttpMethod.Post, "testdata/person/remove", cancellation, json: new JsonObject { ["nip"] = Nip.Require(nip, controlDigit: false) });

    /// <summary>Grants <paramref name="permissions"/> in the context <paramref name="contextNip"/> as the system, without its owner (TEST's /testdata/permissions), or takes every such grant back.</summary>
    public Task SetPermissionsAsync(string contextNip, PermissionSubject subject, IReadOnlyList<KsefPermission> permissions, bool grant, CancellationToken cancellation)
    {
        var body = new JsonObject
        {
            ["contextIdentifier"] = new JsonObject { ["type"] = "Nip", ["value"] = Nip.Require(contextNip, controlDigit: false) },
            ["authorizedIdentifier"] = new JsonObject { ["type"] = subject.Type.ToString(), ["value"] = subject.Value },
        };
        if (grant)
        {
            body["permissions"] = new JsonArray(permissions.Select(p => (JsonNode)new JsonObject { ["permissionType"] = p.ToString(), ["description"] = "KsefPS test data" }).ToArray());
        }
        return _http.SendAsync(HttpMethod.Post, grant ? "testdata/permissions" : "testdata/permissions/revoke", cancellation, json: body);
    }

    public Task SetAttachmentsAsync(string nip, bool allowed, CancellationToken cancellation) =>
        _http.SendAsync(HttpMethod.Post, allowed ? "testdata/attachment" : "testdata/attachment/revoke", cancellation,
            json: new JsonObject { ["nip"] = Nip.Require(nip, controlDigit: false) });

    public Task SetBlockedAsync(string nip, bool blocked, CancellationToken cancellation) =>
        _http.SendAsync(HttpMethod.Post, blocked ? "testdata/context/block" : "testdata/context/unblock", cancellation,
            json: new JsonObject { ["contextIdentifier"] = new JsonObject { ["type"] = "Nip", ["value"] = Nip.Require(nip, controlDigit: false) } });

    private static string Description(string description) =>
        description.Length is >= 5 and <= 256 ? description
        : throw new KsefException(ErrorIds.PermissionGrantInvalid, KsefErrorKind.InvalidArgument, "KSeF wants a description of 5 to 256 characters (-Description).");
}
