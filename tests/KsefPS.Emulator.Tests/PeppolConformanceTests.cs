using System.Globalization;
using System.Text.Json.Nodes;
using KsefPS.Core.Certificates;
using KsefPS.Core.Identifiers;
using KsefPS.Testing;

namespace KsefPS.Emulator.Tests;

public sealed class PeppolEmulatorFixture : IDisposable
{
    public EmulatorProcess Emulator { get; } = EmulatorProcess.Start("--Emulator:AuthProcessingDelay=00:00:00", "--Emulator:RateLimits=false",
        "--Emulator:PermissionOperationDelay=00:00:00", "--Emulator:InvoiceProcessingDelay=00:00:00");

    public void Dispose() => Emulator.Dispose();
}

/// <summary>
/// Peppol service providers: registration at their first login, the public list, who may enter a PeppolId context, and
/// the PEF invoices a provider sends for the companies that authorized it.
/// </summary>
public sealed class PeppolConformanceTests(PeppolEmulatorFixture fixture) : IClassFixture<PeppolEmulatorFixture>
{
    private readonly EmulatorClient _client = new(fixture.Emulator);

    private static TestCertificateRequest ProviderSeal(string peppolId, string name = "Dostawca Peppol Sp. z o.o.") =>
        new() { OrganizationName = name, PeppolId = peppolId };

    /// <summary>Ids no other test of this class uses, so the shared list can be searched for them.</summary>
    private static string NewPeppolId()
    {
        lock (Used)
        {
            string id;
            do
            {
                id = PeppolId.NewRandom();
            }
            while (!Used.Add(id));
            return id;
        }
    }

    private static readonly HashSet<string> Used = [];

    /// <summary>Every provider on the list, page by page (100 a page), checking that the pages fit together.</summary>
    private List<JsonObject> AllProviders()
    {
        var all = new List<JsonObject>();
        for (var offset = 0; ; offset++)
        {
            var page = _client.Send(HttpMethod.Get, $"/v2/peppol/query?pageOffset={offset}&pageSize=100");
            Assert.Equal(200, page.Status);
            all.AddRange(page.Json!["peppolProviders"]!.AsArray().Select(p => p!.AsObject()));
            if (!page.Json["hasMore"]!.GetValue<bool>())
            {
                return all;
            }
        }
    }

    [Fact]
    public void A_provider_registers_itself_at_its_first_login_with_its_own_seal_and_is_listed_once()
    {
        var id = NewPeppolId();
        Assert.DoesNotContain(AllProviders(), p => p["id"]!.GetValue<string>() == id);

        using var seal = TestCertificateFactory.Create(ProviderSeal(id));
        var first = _client.Login(seal, id);
        Assert.Equal(200, first.Code);
        var listed = Assert.Single(AllProviders(), p => p["id"]!.GetValue<string>() == id);
        Assert.Equal("Dostawca Peppol Sp. z o.o.", listed["name"]!.GetValue<string>());
        var registered = DateTimeOffset.Parse(listed["dateCreated"]!.GetValue<string>(), CultureInfo.InvariantCulture);

        Assert.Equal(200, _client.Login(seal, id).Code);
        var again = Assert.Single(AllProviders(), p => p["id"]!.GetValue<string>() == id);
        Assert.Equal(registered, DateTimeOffset.Parse(again["dateCreated"]!.GetValue<string>(), CultureInfo.InvariantCulture));
    }

    [Fact]
    public void The_provider_signs_in_with_the_Peppol_method_and_may_send_PEF_invoices_in_its_own_context()
    {
        var id = NewPeppolId();
        using var seal = TestCertificateFactory.Create(ProviderSeal(id));
        var access = _client.Login(seal, id).AccessToken!;
        var sessions = _client.Send(HttpMethod.Get, "/v2/auth/sessions", bearer: access);
        var current = Assert.Single(sessions.Json!["items"]!.AsArray(), s => s!["isCurrent"]!.GetValue<bool>())!;
        Assert.Equal("PeppolSignature", current["authenticationMethod"]!.GetValue<string>());
        Assert.Equal("XadesSignature", current["authenticationMethodInfo"]!["category"]!.GetValue<string>());

        var payload = access.Split('.')[1].Replace('-', '+').Replace('_', '/');
        var claims = JsonNode.Parse(Convert.FromBase64String(payload.PadRight(payload.Length + (4 - payload.Length % 4) % 4, '=')))!;
        var subject = JsonNode.Parse(claims["sud"]!.GetValue<string>())!["SubjectIdentifier"]!;
        Assert.Equal("PeppolId", subject["Type"]!.GetValue<string>());
        Assert.Equal(id, subject["Value"]!.GetValue<string>());
        Assert.Equal(["PefInvoiceWrite"], JsonNode.Parse(claims["per"]!.GetValue<string>())!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Equal("PeppolId", claims["cit"]!.GetValue<string>());
    }

    [Fact]
    public void The_list_is_public_paged_by_ten_by_default_and_newest_first()
    {
        var ids = Enumerable.Range(0, 11).Select(_ => NewPeppolId()).ToList();
        foreach (var id in ids)
        {
            using var seal = TestCertificateFactory.Create(ProviderSeal(id, "Dostawca " + id));
            Assert.Equal(200, _client.Login(seal, id).Code);
        }

        var firstPage = _client.Send(HttpMethod.Get, "/v2/peppol/query");
        Assert.Equal(10, firstPage.Json!["peppolProviders"]!.AsArray().Count);
        Assert.True(firstPage.Json["hasMore"]!.GetValue<bool>());

        var all = AllProviders();
        Assert.Equal(all.Count, all.Select(p => p["id"]!.GetValue<string>()).Distinct().Count());
        Assert.All(ids, id => Assert.Contains(all, p => p["id"]!.GetValue<string>() == id));
        var dates = all.Select(p => DateTimeOffset.Parse(p["dateCreated"]!.GetValue<string>(), CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(dates.OrderByDescending(d => d), dates);
    }

    [Theory]
    [InlineData("pageSize=9")]
    [InlineData("pageSize=101")]
    [InlineData("pageOffset=-1")]
    [InlineData("pageSize=ten")]
    public void Paging_out_of_range_is_refused_with_21405(string query)
    {
        var answer = _client.Send(HttpMethod.Get, "/v2/peppol/query?" + query);
        Assert.Equal(400, answer.Status);
        Assert.Equal(21405, answer.Json!["exception"]!["exceptionDetailList"]![0]!["exceptionCode"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_provider_sends_the_PEF_invoices_of_a_company_that_authorized_it_and_no_others()
    {
        var (provider, company, owner) = AuthorizedProvider();
        var sessions = new OnlineSessionDriver(_client);
        Assert.Equal(403, sessions.TryOpen(provider).Status); // FA (3) is not a provider's to send
        var session = sessions.Open(provider, "PEF (3)", "2-1", "PEF");
        var buyer = Nip.NewRandom();
        string Sent(byte[] invoice) => sessions.Send(provider, session, invoice).Json!["referenceNumber"]!.GetValue<string>();
        var accepted = Sent(PefInvoices.Build(company, buyer, "PEF/1"));
        var byEndpoint = Sent(PefInvoices.Build(company, buyer, "PEF/4", sellerTaxScheme: false));
        var foreign = Sent(PefInvoices.Build(Nip.NewRandom(), buyer, "PEF/2"));
        var invalid = Sent(PefInvoices.Build(company, buyer, "PEF/3", withId: false));
        Assert.Equal(204, _client.Send(HttpMethod.Post, $"/v2/sessions/online/{session}/close", bearer: provider).Status);

        JsonNode Item(string reference) => _client.Send(HttpMethod.Get, $"/v2/sessions/{session}/invoices/{reference}", bearer: provider).Json!;
        var ksefNumber = Item(accepted)["ksefNumber"]!.GetValue<string>();
        Assert.StartsWith(company + "-", ksefNumber);
        Assert.StartsWith(company + "-", Item(byEndpoint)["ksefNumber"]!.GetValue<string>());
        Assert.Equal(410, Item(foreign)["status"]!["code"]!.GetValue<int>());
        Assert.Equal(430, Item(invalid)["status"]!["code"]!.GetValue<int>());
        var upo = _client.Send(HttpMethod.Get, $"/v2/sessions/{session}", bearer: provider).Json!["upo"]!["pages"]![0]!;
        OnlineSessionDriver.ValidateUpo(await _client.Raw(upo["downloadUrl"]!.GetValue<string>()).Content.ReadAsByteArrayAsync());

        var listed = _client.Send(HttpMethod.Post, "/v2/invoices/query/metadata", bearer: owner, json: new JsonObject
        {
            ["subjectType"] = "Subject1",
            ["dateRange"] = new JsonObject { ["dateType"] = "PermanentStorage", ["from"] = DateTimeOffset.UtcNow.AddHours(-1).ToString("O") },
        }).Json!["invoices"]!.AsArray();
        var metadata = Assert.Single(listed, i => i!["invoiceNumber"]!.GetValue<string>() == "PEF/1")!;
        Assert.Equal(2, listed.Count);
        Assert.Equal(ksefNumber, metadata["ksefNumber"]!.GetValue<string>());
        Assert.Equal("VatPef", metadata["invoiceType"]!.GetValue<string>());
        Assert.Equal("PEF/1", metadata["invoiceNumber"]!.GetValue<string>());
        Assert.Equal(buyer, metadata["buyer"]!["identifier"]!["value"]!.GetValue<string>());
        Assert.Equal(123.00m, metadata["grossAmount"]!.GetValue<decimal>());
    }

    [Fact]
    public void A_PEF_invoice_with_an_attachment_goes_online_with_the_sellers_consent()
    {
        var (provider, company, owner) = AuthorizedProvider();
        var sessions = new OnlineSessionDriver(_client);
        var session = sessions.Open(provider, "PEF (3)", "2-1", "PEF");
        string Sent(byte[] invoice) => sessions.Send(provider, session, invoice).Json!["referenceNumber"]!.GetValue<string>();
        var withoutConsent = Sent(PefInvoices.Build(company, Nip.NewRandom(), "PEF/Z1", withAttachment: true));
        Assert.Equal(200, _client.Send(HttpMethod.Post, "/v2/testdata/attachment", json: new JsonObject { ["nip"] = company }).Status);
        var withConsent = Sent(PefInvoices.Build(company, Nip.NewRandom(), "PEF/Z2", withAttachment: true));

        JsonNode Status(string reference) => _client.Send(HttpMethod.Get, $"/v2/sessions/{session}/invoices/{reference}", bearer: provider).Json!["status"]!;
        Assert.Equal(415, Status(withoutConsent)["code"]!.GetValue<int>());
        Assert.Equal(200, Status(withConsent)["code"]!.GetValue<int>());
        var listed = _client.Send(HttpMethod.Post, "/v2/invoices/query/metadata", bearer: owner, json: new JsonObject
        {
            ["subjectType"] = "Subject1",
            ["dateRange"] = new JsonObject { ["dateType"] = "PermanentStorage", ["from"] = DateTimeOffset.UtcNow.AddHours(-1).ToString("O") },
            ["hasAttachment"] = true,
        }).Json!["invoices"]!.AsArray();
        Assert.Equal("PEF/Z2", Assert.Single(listed)!["invoiceNumber"]!.GetValue<string>());
    }

    /// <summary>A provider logged in with its seal, and a company (and its owner's token) that authorized it with PefInvoicing.</summary>
    private (string Provider, string Company, string Owner) AuthorizedProvider()
    {
        var id = NewPeppolId();
        using var seal = TestCertificateFactory.Create(ProviderSeal(id));
        var provider = _client.Login(seal, id).AccessToken!;
        var company = Nip.NewRandom();
        var owner = _client.LoginAsOwner(company);
        _client.Authorize(owner, "PeppolId", id, "PefInvoicing", "Dostawca Peppol Sp. z o.o.");
        return (provider, company, owner);
    }

    [Fact]
    public void A_PeppolId_context_entered_by_certificate_subject_needs_the_providers_own_seal_and_registers_no_one_else()
    {
        var id = NewPeppolId();
        Assert.Equal(21117, RefusedLogin(new TestCertificateRequest { OrganizationName = "Firma Sp. z o.o.", Nip = Nip.NewRandom() }, id));
        var other = NewPeppolId();
        Assert.Equal(21117, RefusedLogin(ProviderSeal(other), id));
        Assert.DoesNotContain(AllProviders(), p => p["id"]!.GetValue<string>() is var listed && (listed == id || listed == other));
    }

    /// <summary>The code of the synchronous refusal of a XAdES login in the PeppolId context <paramref name="peppolId"/>.</summary>
    private int RefusedLogin(TestCertificateRequest who, string peppolId)
    {
        using var signer = TestCertificateFactory.Create(who);
        var challenge = _client.Send(HttpMethod.Post, "/v2/auth/challenge").Json!["challenge"]!.GetValue<string>();
        var answer = _client.Send(HttpMethod.Post, "/v2/auth/xades-signature", xml: Core.Signing.XadesSigner.SignEnveloped(Core.Api.Auth.AuthTokenRequestXml.Build(
            challenge, ContextIdentifier.Create(ContextIdentifierType.PeppolId, peppolId), Core.Api.Auth.SubjectIdentifierType.CertificateSubject), signer));
        Assert.Equal(400, answer.Status);
        return answer.Json!["exception"]!["exceptionDetailList"]![0]!["exceptionCode"]!.GetValue<int>();
    }
}
