using System.Text.Json.Nodes;
using KsefPS.Core.Certificates;
using KsefPS.Core.Identifiers;
using KsefPS.Testing;

namespace KsefPS.Emulator.Tests;

public sealed class PermissionEmulatorFixture : IDisposable
{
    public EmulatorProcess Emulator { get; } = EmulatorProcess.Start("--Emulator:AuthProcessingDelay=00:00:00", "--Emulator:RateLimits=false",
        "--Emulator:PermissionOperationDelay=00:00:00.020");

    public void Dispose() => Emulator.Dispose();
}

/// <summary>Grants, their enforcement at login and refresh, queries and revocation; every answer checked against the OpenAPI schemas.</summary>
public sealed class PermissionConformanceTests(PermissionEmulatorFixture fixture) : IClassFixture<PermissionEmulatorFixture>
{
    private readonly EmulatorClient _client = new(fixture.Emulator);

    private static TestCertificateRequest Person(string pesel) => new() { GivenName = "Anna", Surname = "Pracownik", Pesel = pesel };

    private static TestCertificateRequest Seal(string nip) => new() { OrganizationName = "Biuro Rachunkowe", Nip = nip };

    private static JsonObject PersonGrant(string type, string value, params string[] permissions) => new()
    {
        ["subjectIdentifier"] = new JsonObject { ["type"] = type, ["value"] = value },
        ["permissions"] = new JsonArray(permissions.Select(p => (JsonNode)p).ToArray()),
        ["description"] = "Pracownik działu faktur",
        ["subjectDetails"] = new JsonObject
        {
            ["subjectDetailsType"] = "PersonByIdentifier",
            ["personById"] = new JsonObject { ["firstName"] = "Anna", ["lastName"] = "Pracownik" },
        },
    };

    /// <summary>Starts an operation and waits for its final status.</summary>
    private JsonNode Run(HttpMethod method, string path, string bearer, JsonNode? body = null) => _client.RunOperation(method, path, bearer, body);

    [Fact]
    public void A_person_granted_InvoiceWrite_logs_in_to_the_company_until_the_grant_is_revoked()
    {
        var company = Nip.NewRandom();
        var pesel = Pesel.NewRandom();
        var owner = _client.LoginAsOwner(company);
        Assert.Equal(415, _client.Login(Person(pesel), company).Code);

        Assert.Equal(200, Run(HttpMethod.Post, "/v2/permissions/persons/grants", owner, PersonGrant("Pesel", pesel, "InvoiceWrite", "InvoiceRead"))["code"]!.GetValue<int>());
        var employee = _client.Login(Person(pesel), company);
        Assert.Equal(200, employee.Code);

        var listed = _client.Send(HttpMethod.Post, "/v2/permissions/query/persons/grants?pageSize=10", owner,
            new JsonObject { ["queryType"] = "PermissionsInCurrentContext", ["authorizedIdentifier"] = new JsonObject { ["type"] = "Pesel", ["value"] = pesel } });
        var grants = listed.Json!["permissions"]!.AsArray();
        Assert.Equal(["InvoiceRead", "InvoiceWrite"], grants.Select(g => g!["permissionScope"]!.GetValue<string>()).Order());
        Assert.All(grants, g => Assert.Equal("Active", g!["permissionState"]!.GetValue<string>()));
        var mine = _client.Send(HttpMethod.Post, "/v2/permissions/query/personal/grants", employee.AccessToken, new JsonObject());
        Assert.Equal(2, mine.Json!["permissions"]!.AsArray().Count);
        var made = _client.Send(HttpMethod.Post, "/v2/tokens", employee.AccessToken,
            new JsonObject { ["permissions"] = new JsonArray("InvoiceWrite"), ["description"] = "employee's own token" }).Json!;
        var token = made["token"]!.GetValue<string>();
        while (_client.Send(HttpMethod.Get, "/v2/tokens/" + made["referenceNumber"], employee.AccessToken).Json!["status"]!.GetValue<string>() == "Pending")
        {
        }
        Assert.Equal(200, _client.LoginWithToken(token, company).Code);
        int ListSessions(string access) => _client.Send(HttpMethod.Get, "/v2/sessions?sessionType=Online", access).Status; // needs InvoiceWrite

        foreach (var grant in grants)
        {
            Assert.Equal(200, Run(HttpMethod.Delete, "/v2/permissions/common/grants/" + grant!["id"], owner)["code"]!.GetValue<int>());
        }
        Assert.Equal(415, _client.Login(Person(pesel), company).Code);
        // As KSeF does (the official Java client's token lifecycle test): an issued access token keeps its rights to its
        // end, a refreshed one has none left, and the employee's KSeF token no longer logs in
        Assert.Equal(200, ListSessions(employee.AccessToken!));
        var refresh = _client.Send(HttpMethod.Post, "/v2/auth/token/refresh", employee.RefreshToken);
        Assert.Equal(200, refresh.Status);
        Assert.Equal(403, ListSessions(refresh.Json!["accessToken"]!["token"]!.GetValue<string>()));
        Assert.Equal(415, _client.LoginWithToken(token, company).Code);
        // As KSeF answered the official C# client's grant-revoke-search test: the revoked grants are listed in no state
        foreach (var state in new[] { null, "Active", "Inactive" })
        {
            var query = new JsonObject { ["queryType"] = "PermissionsInCurrentContext", ["authorizedIdentifier"] = new JsonObject { ["type"] = "Pesel", ["value"] = pesel } };
            if (state is not null)
            {
                query["permissionState"] = state;
            }
            Assert.Empty(_client.Send(HttpMethod.Post, "/v2/permissions/query/persons/grants", owner, query).Json!["permissions"]!.AsArray());
        }
        Assert.Empty(_client.Send(HttpMethod.Post, "/v2/permissions/query/personal/grants", employee.AccessToken, new JsonObject()).Json!["permissions"]!.AsArray());
        Assert.Equal(410, Run(HttpMethod.Delete, "/v2/permissions/common/grants/" + grants[0]!["id"], owner)["code"]!.GetValue<int>()); // once only
    }

    [Fact]
    public void A_session_is_seen_by_its_opener_and_by_Introspection_and_closed_only_by_its_opener()
    {
        // As KSeF answered the official Java client's Introspection test
        var company = Nip.NewRandom();
        var (employee, third) = (Pesel.NewRandom(), Pesel.NewRandom());
        var owner = _client.LoginAsOwner(company);
        foreach (var pesel in new[] { employee, third })
        {
            Assert.Equal(200, Run(HttpMethod.Post, "/v2/permissions/persons/grants", owner, PersonGrant("Pesel", pesel, "InvoiceWrite"))["code"]!.GetValue<int>());
        }
        var session = new OnlineSessionDriver(_client).Open(_client.Login(Person(employee), company).AccessToken!);
        var thirdAccess = _client.Login(Person(third), company).AccessToken!;
        Assert.Equal(21173, _client.Send(HttpMethod.Get, $"/v2/sessions/{session}", thirdAccess).ExceptionCode);
        Assert.Equal(200, _client.Send(HttpMethod.Get, $"/v2/sessions/{session}", owner).Status);

        Assert.Equal(200, Run(HttpMethod.Post, "/v2/permissions/persons/grants", owner, PersonGrant("Pesel", third, "Introspection"))["code"]!.GetValue<int>());
        thirdAccess = _client.Login(Person(third), company).AccessToken!; // a new grant is in the next access token
        Assert.Equal(200, _client.Send(HttpMethod.Get, $"/v2/sessions/{session}", thirdAccess).Status);
        Assert.Equal(21173, _client.Send(HttpMethod.Post, $"/v2/sessions/online/{session}/close", thirdAccess).ExceptionCode);
    }

    [Fact]
    public void An_accounting_office_passes_on_a_delegable_grant_to_its_employee_and_not_one_without_canDelegate()
    {
        var company = Nip.NewRandom();
        var office = Nip.NewRandom();
        var pesel = Pesel.NewRandom();
        var owner = _client.LoginAsOwner(company);
        Assert.Equal(200, Run(HttpMethod.Post, "/v2/permissions/entities/grants", owner, new JsonObject
        {
            ["subjectIdentifier"] = new JsonObject { ["type"] = "Nip", ["value"] = office },
            ["permissions"] = new JsonArray(new JsonObject { ["type"] = "InvoiceRead", ["canDelegate"] = true }, new JsonObject { ["type"] = "InvoiceWrite", ["canDelegate"] = false }),
            ["description"] = "Biuro rachunkowe",
            ["subjectDetails"] = new JsonObject { ["fullName"] = "Biuro Rachunkowe Sp. z o.o." },
        })["code"]!.GetValue<int>());
        Assert.Equal(200, _client.Login(Seal(office), company).Code);

        var officeSession = _client.LoginAsOwner(office);
        var received = _client.Send(HttpMethod.Post, "/v2/permissions/query/entities/grants", officeSession, new JsonObject());
        Assert.Equal(2, received.Json!["permissions"]!.AsArray().Count);

        JsonObject Indirect(string permission) => new()
        {
            ["subjectIdentifier"] = new JsonObject { ["type"] = "Pesel", ["value"] = pesel },
            ["targetIdentifier"] = new JsonObject { ["type"] = "Nip", ["value"] = company },
            ["permissions"] = new JsonArray(permission),
            ["description"] = "Księgowa klienta",
            ["subjectDetails"] = new JsonObject { ["subjectDetailsType"] = "PersonByIdentifier", ["personById"] = new JsonObject { ["firstName"] = "Ewa", ["lastName"] = "Księgowa" } },
        };
        Assert.Equal(420, Run(HttpMethod.Post, "/v2/permissions/indirect/grants", officeSession, Indirect("InvoiceWrite"))["code"]!.GetValue<int>());
        Assert.Equal(200, Run(HttpMethod.Post, "/v2/permissions/indirect/grants", officeSession, Indirect("InvoiceRead"))["code"]!.GetValue<int>());
        var employee = _client.Login(Person(pesel), company);
        Assert.Equal(200, employee.Code);
        var listed = _client.Send(HttpMethod.Post, "/v2/permissions/query/persons/grants", officeSession,
            new JsonObject { ["queryType"] = "PermissionsGrantedInCurrentContext" });
        Assert.Equal("Nip", listed.Json!["permissions"]![0]!["targetIdentifier"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public void A_token_may_carry_only_permissions_its_maker_holds_26001()
    {
        var company = Nip.NewRandom();
        var pesel = Pesel.NewRandom();
        var owner = _client.LoginAsOwner(company);
        Run(HttpMethod.Post, "/v2/permissions/persons/grants", owner, PersonGrant("Pesel", pesel, "InvoiceRead", "InvoiceWrite"));
        var employee = _client.Login(Person(pesel), company).AccessToken!;

        var beyond = _client.Send(HttpMethod.Post, "/v2/tokens", employee,
            new JsonObject { ["permissions"] = new JsonArray("InvoiceRead", "CredentialsManage"), ["description"] = "more than held" });
        var within = _client.Send(HttpMethod.Post, "/v2/tokens", employee,
            new JsonObject { ["permissions"] = new JsonArray("InvoiceRead"), ["description"] = "what is held" });
        var byOwner = _client.Send(HttpMethod.Post, "/v2/tokens", owner,
            new JsonObject { ["permissions"] = new JsonArray("CredentialsManage", "Introspection"), ["description"] = "the owner holds all" });

        Assert.Equal(400, beyond.Status);
        var detail = beyond.Json!["exception"]!["exceptionDetailList"]![0]!;
        Assert.Equal(26001, detail["exceptionCode"]!.GetValue<int>());
        Assert.Contains("CredentialsManage", detail["details"]![0]!.GetValue<string>());
        Assert.DoesNotContain("InvoiceRead", detail["details"]![0]!.GetValue<string>());
        Assert.Equal(202, within.Status);
        Assert.Equal(202, byOwner.Status);
    }

    [Fact]
    public void CollectiveIdentifierManage_of_API_2_7_goes_to_persons_entities_and_tokens_and_to_no_indirect_grant()
    {
        var company = Nip.NewRandom();
        var office = Nip.NewRandom();
        var pesel = Pesel.NewRandom();
        var owner = _client.LoginAsOwner(company);

        Assert.Equal(200, Run(HttpMethod.Post, "/v2/permissions/persons/grants", owner, PersonGrant("Pesel", pesel, "CollectiveIdentifierManage"))["code"]!.GetValue<int>());
        Assert.Equal(200, _client.Login(Person(pesel), company).Code); // the permission alone lets the person in
        var persons = _client.Send(HttpMethod.Post, "/v2/permissions/query/persons/grants", owner,
            new JsonObject { ["queryType"] = "PermissionsInCurrentContext", ["authorizedIdentifier"] = new JsonObject { ["type"] = "Pesel", ["value"] = pesel } });
        Assert.Equal("CollectiveIdentifierManage", Assert.Single(persons.Json!["permissions"]!.AsArray())!["permissionScope"]!.GetValue<string>());

        Assert.Equal(200, Run(HttpMethod.Post, "/v2/permissions/entities/grants", owner, new JsonObject
        {
            ["subjectIdentifier"] = new JsonObject { ["type"] = "Nip", ["value"] = office },
            ["permissions"] = new JsonArray(new JsonObject { ["type"] = "CollectiveIdentifierManage", ["canDelegate"] = false }),
            ["description"] = "Biuro rachunkowe",
            ["subjectDetails"] = new JsonObject { ["fullName"] = "Biuro Rachunkowe Sp. z o.o." },
        })["code"]!.GetValue<int>());
        var officeSession = _client.LoginAsOwner(office);
        var received = _client.Send(HttpMethod.Post, "/v2/permissions/query/entities/grants", officeSession, new JsonObject());
        Assert.Equal("CollectiveIdentifierManage", Assert.Single(received.Json!["permissions"]!.AsArray())!["permissionScope"]!.GetValue<string>());

        var token = _client.Send(HttpMethod.Post, "/v2/tokens", owner,
            new JsonObject { ["permissions"] = new JsonArray("CollectiveIdentifierManage"), ["description"] = "identyfikatory zbiorcze" });
        Assert.Equal(202, token.Status);
        var tokens = _client.Send(HttpMethod.Get, "/v2/tokens", owner);
        Assert.Contains(tokens.Json!["tokens"]!.AsArray(), t => t!["requestedPermissions"]!.AsArray().Any(p => p!.GetValue<string>() == "CollectiveIdentifierManage"));

        var indirect = _client.Send(HttpMethod.Post, "/v2/permissions/indirect/grants", officeSession, new JsonObject
        {
            ["subjectIdentifier"] = new JsonObject { ["type"] = "Pesel", ["value"] = Pesel.NewRandom() },
            ["targetIdentifier"] = new JsonObject { ["type"] = "Nip", ["value"] = company },
            ["permissions"] = new JsonArray("CollectiveIdentifierManage"),
            ["description"] = "Księgowa klienta",
            ["subjectDetails"] = new JsonObject { ["subjectDetailsType"] = "PersonByIdentifier", ["personById"] = new JsonObject { ["firstName"] = "Ewa", ["lastName"] = "Księgowa" } },
        });
        Assert.Equal(400, indirect.Status);
    }

    [Fact]
    public void Without_CredentialsManage_granting_is_403_naming_the_permission_and_a_retained_operation_ends_in_410()
    {
        var company = Nip.NewRandom();
        var pesel = Pesel.NewRandom();
        var owner = _client.LoginAsOwner(company);
        Run(HttpMethod.Post, "/v2/permissions/persons/grants", owner, PersonGrant("Pesel", pesel, "InvoiceRead"));
        var reader = _client.Login(Person(pesel), company).AccessToken!;

        var refused = _client.Send(HttpMethod.Post, "/v2/permissions/persons/grants", reader, PersonGrant("Pesel", Pesel.NewRandom(), "InvoiceRead"));

        Assert.Equal(403, refused.Status);
        Assert.Equal("missing-permissions", refused.Json!["reasonCode"]!.GetValue<string>());
        Assert.Equal("Brak wymaganych uprawnień do wykonania operacji w bieżącym kontekście.", refused.Json["detail"]!.GetValue<string>()); // KSeF's words
        Assert.Contains("CredentialsManage", refused.Json["security"]!["requiredAnyOfPermissions"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Equal(["InvoiceRead"], refused.Json["security"]!["presentPermissions"]!.AsArray().Select(p => p!.GetValue<string>()));
        var invalid = _client.Send(HttpMethod.Post, "/v2/permissions/persons/grants", owner, PersonGrant("Pesel", "123", "InvoiceRead"));
        Assert.Equal(400, invalid.Status);
        var attachments = _client.Send(HttpMethod.Get, "/v2/permissions/attachments/status", owner);
        Assert.False(attachments.Json!["isAttachmentAllowed"]!.GetValue<bool>());

        using var retention = EmulatorProcess.Start("--Emulator:AuthProcessingDelay=00:00:00", "--Emulator:RateLimits=false",
            "--Emulator:PermissionOperationRetention=00:00:00");
        using var client = new EmulatorClient(retention);
        var shortLived = client.LoginAsOwner(company);
        var started = client.Send(HttpMethod.Post, "/v2/permissions/persons/grants", shortLived, PersonGrant("Pesel", pesel, "InvoiceRead"));
        var gone = client.Send(HttpMethod.Get, "/v2/permissions/operations/" + started.Json!["referenceNumber"], shortLived);
        Assert.Equal(410, gone.Status);
    }

    [Fact]
    public void An_authorization_is_granted_listed_both_ways_and_revoked_by_its_own_endpoint()
    {
        var seller = Nip.NewRandom();
        var buyer = Nip.NewRandom();
        var owner = _client.LoginAsOwner(seller);
        Assert.Equal(200, Run(HttpMethod.Post, "/v2/permissions/authorizations/grants", owner, new JsonObject
        {
            ["subjectIdentifier"] = new JsonObject { ["type"] = "Nip", ["value"] = buyer },
            ["permission"] = "SelfInvoicing",
            ["description"] = "Samofakturowanie przez nabywcę",
            ["subjectDetails"] = new JsonObject { ["fullName"] = "Nabywca Spółka Akcyjna" },
        })["code"]!.GetValue<int>());

        var granted = _client.Send(HttpMethod.Post, "/v2/permissions/query/authorizations/grants", owner, new JsonObject { ["queryType"] = "Granted" });
        var grant = Assert.Single(granted.Json!["authorizationGrants"]!.AsArray())!;
        Assert.Equal("SelfInvoicing", grant["authorizationScope"]!.GetValue<string>());
        var buyerSession = _client.LoginAsOwner(buyer);
        var received = _client.Send(HttpMethod.Post, "/v2/permissions/query/authorizations/grants", buyerSession, new JsonObject { ["queryType"] = "Received" });
        Assert.Equal(seller, received.Json!["authorizationGrants"]![0]!["authorizingEntityIdentifier"]!["value"]!.GetValue<string>());

        Assert.Equal(410, Run(HttpMethod.Delete, "/v2/permissions/common/grants/" + grant["id"], owner)["code"]!.GetValue<int>());
        Assert.Equal(200, Run(HttpMethod.Delete, "/v2/permissions/authorizations/grants/" + grant["id"], owner)["code"]!.GetValue<int>());
        Assert.Empty(_client.Send(HttpMethod.Post, "/v2/permissions/query/authorizations/grants", owner, new JsonObject { ["queryType"] = "Granted" }).Json!["authorizationGrants"]!.AsArray());
    }

    /// <summary>As KSeF answered the official Java client's enforcement test: a court bailiff (a test person made with isBailiff) gives EnforcementOperations in its NIP's context.</summary>
    [Fact]
    public void A_court_bailiff_grants_EnforcementOperations_and_a_person_who_is_not_one_cannot()
    {
        JsonObject Person(string nip, bool bailiff) => new()
        {
            ["nip"] = nip, ["pesel"] = "44051401458", ["isBailiff"] = bailiff, ["description"] = "Komornik sądowy",
        };
        var bailiff = Nip.NewRandom();
        var other = Nip.NewRandom();
        // The bailiff as the official C# client writes it, in PascalCase (BRIEF §0)
        Assert.Equal(200, _client.Send(HttpMethod.Post, "/v2/testdata/person",
            rawJson: $$"""{"Nip":"{{bailiff}}","Pesel":"44051401458","IsBailiff":true,"Description":"Komornik sądowy"}""").Status);
        Assert.Equal(200, _client.Send(HttpMethod.Post, "/v2/testdata/person", json: Person(other, bailiff: false)).Status);
        Assert.Equal(21405, _client.Send(HttpMethod.Post, "/v2/testdata/person", json: new JsonObject { ["nip"] = other, ["pesel"] = "44051401458" }).ExceptionCode);

        var asBailiff = _client.LoginAsOwner(bailiff);
        Assert.Equal(200, Run(HttpMethod.Post, "/v2/permissions/persons/grants", asBailiff, PersonGrant("Nip", Nip.NewRandom(), "EnforcementOperations"))["code"]!.GetValue<int>());
        Assert.Equal("CourtBailiff", _client.Send(HttpMethod.Get, "/v2/permissions/query/entities/roles", asBailiff).Json!["roles"]![0]!["role"]!.GetValue<string>());
        Assert.Equal(430, Run(HttpMethod.Post, "/v2/permissions/persons/grants", _client.LoginAsOwner(other), PersonGrant("Nip", Nip.NewRandom(), "EnforcementOperations"))["code"]!.GetValue<int>());

        Assert.Equal(200, _client.Send(HttpMethod.Post, "/v2/testdata/person/remove", json: new JsonObject { ["nip"] = bailiff }).Status);
        Assert.Empty(_client.Send(HttpMethod.Get, "/v2/permissions/query/entities/roles", _client.LoginAsOwner(bailiff)).Json!["roles"]!.AsArray());
    }

    [Fact]
    public void A_VAT_group_lists_its_roles_members_and_subunit_administrators()
    {
        var group = Nip.NewRandom();
        var member = Nip.NewRandom();
        Assert.Equal(200, _client.Send(HttpMethod.Post, "/v2/testdata/subject", json: new JsonObject
        {
            ["subjectNip"] = group, ["subjectType"] = "VatGroup", ["description"] = "Grupa VAT",
            ["subunits"] = new JsonArray(new JsonObject { ["subjectNip"] = member, ["description"] = "Członek grupy" }),
        }).Status);
        var owner = _client.LoginAsOwner(group);
        Assert.Equal("VatGroupUnit", _client.Send(HttpMethod.Get, "/v2/permissions/query/entities/roles", owner).Json!["roles"]![0]!["role"]!.GetValue<string>());
        Assert.Equal(member, _client.Send(HttpMethod.Post, "/v2/permissions/query/subordinate-entities/roles", owner, new JsonObject())
            .Json!["roles"]![0]!["subordinateEntityIdentifier"]!["value"]!.GetValue<string>());

        var pesel = Pesel.NewRandom();
        JsonObject Admin(string type, string value) => new()
        {
            ["subjectIdentifier"] = new JsonObject { ["type"] = "Pesel", ["value"] = pesel },
            ["contextIdentifier"] = new JsonObject { ["type"] = type, ["value"] = value },
            ["description"] = "Administrator jednostki",
            ["subunitName"] = "Oddział",
            ["subjectDetails"] = new JsonObject { ["subjectDetailsType"] = "PersonByIdentifier", ["personById"] = new JsonObject { ["firstName"] = "Olga", ["lastName"] = "Admin" } },
        };
        Assert.Equal(200, Run(HttpMethod.Post, "/v2/permissions/subunits/grants", owner, Admin("Nip", member))["code"]!.GetValue<int>());
        Assert.Equal(200, Run(HttpMethod.Post, "/v2/permissions/subunits/grants", owner, Admin("InternalId", KsefPS.Core.Identifiers.ContextIdentifier.InternalIdOf(group, 1)))["code"]!.GetValue<int>());
        Assert.Equal(430, Run(HttpMethod.Post, "/v2/permissions/subunits/grants", owner, Admin("Nip", Nip.NewRandom()))["code"]!.GetValue<int>());
        var admins = _client.Send(HttpMethod.Post, "/v2/permissions/query/subunits/grants", owner, new JsonObject());
        Assert.Equal(2, admins.Json!["permissions"]!.AsArray().Count);
        Assert.Equal(200, _client.Login(new TestCertificateRequest { GivenName = "Olga", Surname = "Admin", Pesel = pesel }, member).Code);
    }

    [Fact]
    public void An_EU_entity_administrator_and_representative_are_granted_listed_and_let_in_by_fingerprint()
    {
        var company = Nip.NewRandom();
        var owner = _client.LoginAsOwner(company);
        using var adminCertificate = TestCertificateFactory.Create(new TestCertificateRequest { GivenName = "Hans", Surname = "Muller", Nip = Nip.NewRandom() });
        var fingerprint = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(adminCertificate.Certificate.RawData));
        Assert.Equal(200, Run(HttpMethod.Post, "/v2/permissions/eu-entities/administration/grants", owner, new JsonObject
        {
            ["subjectIdentifier"] = new JsonObject { ["type"] = "Fingerprint", ["value"] = fingerprint },
            ["contextIdentifier"] = new JsonObject { ["type"] = "NipVatUe", ["value"] = company + "-DE123456789" },
            ["description"] = "Administrator podmiotu unijnego",
            ["euEntityName"] = "Muller GmbH",
            ["subjectDetails"] = new JsonObject
            {
                ["subjectDetailsType"] = "PersonByFingerprintWithoutIdentifier",
                ["personByFpNoId"] = new JsonObject
                {
                    ["firstName"] = "Hans", ["lastName"] = "Muller", ["birthDate"] = "1980-05-01",
                    ["idDocument"] = new JsonObject { ["type"] = "Passport", ["number"] = "C01X00T47", ["country"] = "DE" },
                },
            },
            ["euEntityDetails"] = new JsonObject { ["fullName"] = "Muller GmbH", ["address"] = "Berlin" },
        })["code"]!.GetValue<int>());
        var listed = _client.Send(HttpMethod.Post, "/v2/permissions/query/eu-entities/grants", owner, new JsonObject());
        Assert.Equal("DE123456789", Assert.Single(listed.Json!["permissions"]!.AsArray())!["vatUeIdentifier"]!.GetValue<string>());

        var composite = _client.Login(adminCertificate, company + "-DE123456789", KsefPS.Core.Api.Auth.SubjectIdentifierType.CertificateFingerprint);
        Assert.Equal(200, composite.Code);
    }
}
