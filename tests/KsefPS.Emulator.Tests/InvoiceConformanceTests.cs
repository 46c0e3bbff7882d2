using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using System.Xml;
using System.Xml.Schema;
using KsefPS.Core.Certificates;
using KsefPS.Core.Identifiers;
using KsefPS.Core.Tests.Support;
using KsefPS.Testing;

namespace KsefPS.Emulator.Tests;

public sealed class InvoiceEmulatorFixture : IDisposable
{
    public EmulatorProcess Emulator { get; } = EmulatorProcess.Start("--Emulator:AuthProcessingDelay=00:00:00", "--Emulator:RateLimits=false",
        "--Emulator:InvoiceProcessingDelay=00:00:00", "--Emulator:QueryRecordLimit=15", "--Emulator:ExportProcessingDelay=00:00:00",
        "--Emulator:ExportPartSize=4000");

    public void Dispose() => Emulator.Dispose();
}

/// <summary>
/// Online sessions, invoice statuses, UPO, metadata query and download (BRIEF §7–8), driven with raw HTTP and our own
/// AES here, every JSON answer checked against the official OpenAPI schemas and every UPO against upo-v4-3.xsd.
/// </summary>
public sealed class InvoiceConformanceTests : IClassFixture<InvoiceEmulatorFixture>
{
    private readonly EmulatorClient _client;
    private readonly string _nip = Nip.NewRandom();
    private readonly OnlineSessionDriver _sessions;
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32); // of export packages
    private readonly byte[] _iv = RandomNumberGenerator.GetBytes(16);

    public InvoiceConformanceTests(InvoiceEmulatorFixture fixture)
    {
        _client = new EmulatorClient(fixture.Emulator);
        _sessions = new OnlineSessionDriver(_client);
    }

    private byte[] Invoice(string number, string? sellerNip = null, string? issueDate = null) => Encoding.UTF8.GetBytes(
        File.ReadAllText(Repository.Spec("samples", "invoice-template-fa-3.xml"))
            .Replace("#nip#", sellerNip ?? _nip).Replace("#invoice_number#", number)
            .Replace("<P_1>2025-09-01</P_1>", $"<P_1>{issueDate ?? PolishDay.Today()}</P_1>"));

    private string OpenSession(string access) => _sessions.Open(access);

    private EmulatorClient.Answer SendInvoice(string access, string session, byte[] plain, bool offline = false, string? declaredEncryptedHash = null,
        string? correctedHash = null) => _sessions.Send(access, session, plain, offline, declaredEncryptedHash, correctedHash);


    [Fact]
    public async Task A_session_conforms_from_open_to_UPO_and_classifies_every_invoice()
    {
        var access = _client.LoginAsOwner(_nip);
        var session = OpenSession(access);
        var good = Invoice("G1");
        var sentOn = PolishDay.Today().Replace("-", "");
        var goodReference = SendInvoice(access, session, good).Json!["referenceNumber"]!.GetValue<string>();
        var sentBy = PolishDay.Today().Replace("-", "");
        var late = SendInvoice(access, session, Invoice("G2", issueDate: PolishDay.Today(-3))).Json!["referenceNumber"]!.GetValue<string>();
        var broken = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(Invoice("G3")).Replace("<P_2>", "<P_2x>").Replace("</P_2>", "</P_2x>"));
        var invalidReference = SendInvoice(access, session, broken).Json!["referenceNumber"]!.GetValue<string>();
        var duplicateReference = SendInvoice(access, session, Invoice("G1")).Json!["referenceNumber"]!.GetValue<string>();
        var foreign = SendInvoice(access, session, Invoice("G4", sellerNip: Nip.NewRandom())).Json!["referenceNumber"]!.GetValue<string>();
        Assert.Equal(21403, SendInvoice(access, session, Invoice("G5"), declaredEncryptedHash: Convert.ToBase64String(new byte[32])).ExceptionCode);

        Assert.Equal(204, _client.Send(HttpMethod.Post, $"/v2/sessions/online/{session}/close", bearer: access).Status);
        Assert.Equal(21180, SendInvoice(access, session, Invoice("G6")).ExceptionCode);

        var status = _client.Send(HttpMethod.Get, $"/v2/sessions/{session}", bearer: access).Json!;
        Assert.Equal(200, status["status"]!["code"]!.GetValue<int>());
        Assert.Equal(5, status["invoiceCount"]!.GetValue<int>());
        Assert.Equal(2, status["successfulInvoiceCount"]!.GetValue<int>());
        // An online session leaves out a count that is 0, as KSeF does (the official Java client's duplicate-invoice test)
        var untouched = _client.Send(HttpMethod.Get, $"/v2/sessions/{OpenSession(access)}", bearer: access).Json!;
        Assert.Null(untouched["invoiceCount"]);
        Assert.Null(untouched["failedInvoiceCount"]);

        JsonNode Item(string reference) => _client.Send(HttpMethod.Get, $"/v2/sessions/{session}/invoices/{reference}", bearer: access).Json!;
        var accepted = Item(goodReference);
        Assert.Equal(200, accepted["status"]!["code"]!.GetValue<int>());
        Assert.Equal("Online", accepted["invoicingMode"]!.GetValue<string>());
        var ksefNumber = accepted["ksefNumber"]!.GetValue<string>();
        Assert.StartsWith(_nip + "-", ksefNumber);
        Assert.Contains(ksefNumber[11..19], new[] { sentOn, sentBy }); // the day it was taken in, in Poland
        Assert.Equal(ksefNumber[33..], Crc8(ksefNumber[..32]));
        Assert.Equal("Offline", Item(late)["invoicingMode"]!.GetValue<string>()); // issued before the day it arrived (BRIEF §7.6)
        Assert.Equal(430, Item(invalidReference)["status"]!["code"]!.GetValue<int>());
        var duplicate = Item(duplicateReference)["status"]!;
        Assert.Equal(440, duplicate["code"]!.GetValue<int>());
        Assert.Equal(ksefNumber, duplicate["extensions"]!["originalKsefNumber"]!.GetValue<string>());
        Assert.Equal(410, Item(foreign)["status"]!["code"]!.GetValue<int>());

        var list = _client.Send(HttpMethod.Get, $"/v2/sessions/{session}/invoices?pageSize=10", bearer: access).Json!;
        Assert.Equal(5, list["invoices"]!.AsArray().Count);
        Assert.Equal(3, _client.Send(HttpMethod.Get, $"/v2/sessions/{session}/invoices/failed?pageSize=10", bearer: access).Json!["invoices"]!.AsArray().Count);

        var page = status["upo"]!["pages"]![0]!;
        var upo = _client.Raw($"/v2/sessions/{session}/upo/{page["referenceNumber"]}", access);
        var upoBytes = await upo.Content.ReadAsByteArrayAsync();
        Assert.Equal(Convert.ToBase64String(SHA256.HashData(upoBytes)), upo.Headers.GetValues("x-ms-meta-hash").Single());
        OnlineSessionDriver.ValidateUpo(upoBytes);
        var presigned = _client.Raw(page["downloadUrl"]!.GetValue<string>());
        Assert.Equal(upoBytes, await presigned.Content.ReadAsByteArrayAsync());
        OnlineSessionDriver.ValidateUpo(await _client.Raw(accepted["upoDownloadUrl"]!.GetValue<string>()).Content.ReadAsByteArrayAsync());

        var download = _client.Raw($"/v2/invoices/ksef/{ksefNumber}", access);
        var downloaded = await download.Content.ReadAsByteArrayAsync();
        Assert.Equal(good, downloaded);
        Assert.Equal(Convert.ToBase64String(SHA256.HashData(good)), download.Headers.GetValues("x-ms-meta-hash").Single());
    }

    [Fact]
    public void A_rejected_offline_invoice_takes_one_technical_correction()
    {
        var access = _client.LoginAsOwner(_nip);
        var session = OpenSession(access);
        var fixedInvoice = Invoice("T1");
        var broken = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(fixedInvoice).Replace("<P_2>", "<P_2x>").Replace("</P_2>", "</P_2x>"));
        var brokenHash = Convert.ToBase64String(SHA256.HashData(broken));
        var rejected = SendInvoice(access, session, broken, offline: true).Json!["referenceNumber"]!.GetValue<string>();
        var accepted = Invoice("T2");
        Assert.Equal(202, SendInvoice(access, session, accepted, offline: true).Status);

        var correction = SendInvoice(access, session, fixedInvoice, offline: true, correctedHash: brokenHash);
        Assert.Equal(202, correction.Status);
        var again = Invoice("T1").Concat(Encoding.UTF8.GetBytes("\n")).ToArray();
        Assert.Equal(21166, SendInvoice(access, session, again, offline: true, correctedHash: brokenHash).ExceptionCode); // already corrected
        Assert.Equal(21167, SendInvoice(access, session, Invoice("T3"), offline: true, correctedHash: Convert.ToBase64String(SHA256.HashData(accepted))).ExceptionCode);
        Assert.Equal(204, _client.Send(HttpMethod.Post, $"/v2/sessions/online/{session}/close", bearer: access).Status);

        var invoices = _client.Send(HttpMethod.Get, $"/v2/sessions/{session}/invoices?pageSize=10", bearer: access).Json!["invoices"]!.AsArray();
        Assert.Equal(430, invoices.Single(i => i!["referenceNumber"]!.GetValue<string>() == rejected)!["status"]!["code"]!.GetValue<int>());
        var corrected = invoices.Single(i => i!["referenceNumber"]!.GetValue<string>() == correction.Json!["referenceNumber"]!.GetValue<string>())!;
        Assert.Equal(200, corrected["status"]!["code"]!.GetValue<int>());
        Assert.Equal("Offline", corrected["invoicingMode"]!.GetValue<string>());
    }

    [Fact]
    public void A_scanned_KOD_I_shows_an_invoice_KSeF_has_under_its_seller_date_and_hash_only()
    {
        var access = _client.LoginAsOwner(_nip);
        var session = OpenSession(access);
        var sent = Invoice("K1");
        var reference = SendInvoice(access, session, sent).Json!["referenceNumber"]!.GetValue<string>();
        var ksefNumber = _client.Send(HttpMethod.Get, $"/v2/sessions/{session}/invoices/{reference}", bearer: access).Json!["ksefNumber"]!.GetValue<string>();
        var issued = DateOnly.ParseExact(PolishDay.Today(), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture).ToString("dd-MM-yyyy",
            System.Globalization.CultureInfo.InvariantCulture);
        string Page(string nip, string date, byte[] invoice)
        {
            // KOD I as kody-qr.md builds it: /invoice/{seller NIP}/{issue date dd-MM-yyyy}/{SHA-256 of the file, Base64URL}
            var hash = Convert.ToBase64String(SHA256.HashData(invoice)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            using var answer = _client.Raw($"/invoice/{nip}/{date}/{hash}");
            Assert.Equal(200, (int)answer.StatusCode);
            return answer.Content.ReadAsStringAsync().GetAwaiter().GetResult();
        }

        var found = Page(_nip, issued, sent);
        Assert.Contains("Faktura znajduje się w KSeF", found);
        Assert.Contains(ksefNumber, found);
        Assert.Contains("K1", found);
        Assert.Contains("53.63", found); // the sample's gross amount (P_15)
        const string notSent = "nie została jeszcze przesłana do KSeF";
        Assert.Contains(notSent, Page(_nip, "01-01-2020", sent));
        Assert.Contains(notSent, Page(Nip.NewRandom(), issued, sent));
        Assert.Contains(notSent, Page(_nip, issued, Invoice("K2")));
        Assert.DoesNotContain(ksefNumber, Page(_nip, "01-01-2020", sent));
    }

    [Fact]
    public void The_metadata_query_pages_truncates_at_the_record_limit_and_reports_the_high_water_mark()
    {
        var access = _client.LoginAsOwner(_nip);
        var session = OpenSession(access);
        for (var i = 0; i < 18; i++)
        {
            Assert.Equal(202, SendInvoice(access, session, Invoice($"Q{i}")).Status);
        }
        JsonNode Query(int offset, DateTimeOffset from) => _client.Send(HttpMethod.Post, $"/v2/invoices/query/metadata?sortOrder=Asc&pageOffset={offset}&pageSize=10",
            bearer: access, json: new JsonObject
            {
                ["subjectType"] = "Subject1",
                ["dateRange"] = new JsonObject { ["dateType"] = "PermanentStorage", ["from"] = from.ToString("O"), ["restrictToPermanentStorageHwmDate"] = true },
            }).Json!;
        var first = Query(0, DateTimeOffset.UtcNow.AddHours(-1));
        Assert.True(first["hasMore"]!.GetValue<bool>());
        Assert.False(first["isTruncated"]!.GetValue<bool>());
        Assert.NotNull(first["permanentStorageHwmDate"]);
        var second = Query(1, DateTimeOffset.UtcNow.AddHours(-1));
        Assert.Equal(5, second["invoices"]!.AsArray().Count); // the limit is 15 here: 10 + 5, then truncated
        Assert.True(second["isTruncated"]!.GetValue<bool>());
        var last = DateTimeOffset.Parse(second["invoices"]!.AsArray().Last()!["permanentStorageDate"]!.GetValue<string>());
        var moved = Query(0, last);
        Assert.Equal(4, moved["invoices"]!.AsArray().Count); // the boundary record again, and the three after it
        Assert.False(moved["hasMore"]!.GetValue<bool>());
        var future = _client.Send(HttpMethod.Post, "/v2/invoices/query/metadata", bearer: access, json: new JsonObject
        {
            ["subjectType"] = "Subject1",
            ["dateRange"] = new JsonObject { ["dateType"] = "PermanentStorage", ["from"] = DateTimeOffset.UtcNow.AddHours(1).ToString("O"), ["restrictToPermanentStorageHwmDate"] = true },
        });
        Assert.Equal(21183, future.ExceptionCode);
    }

    /// <summary>The validator's sentences, as KSeF answered the official Java client's metadata query with a page of 5.</summary>
    [Theory]
    [InlineData("pageSize=5", "'pageSize' must be between 10 and 250. You entered 5.")]
    [InlineData("pageSize=251", "'pageSize' must be between 10 and 250. You entered 251.")]
    [InlineData("pageOffset=-1", "'pageOffset' must be greater than or equal to '0'.")]
    [InlineData("pageSize=ten", "The value 'ten' is not valid for pageSize.")]
    public void A_metadata_page_out_of_range_is_21405_in_the_validators_words(string paging, string detail)
    {
        var answer = _client.Send(HttpMethod.Post, "/v2/invoices/query/metadata?" + paging, bearer: _client.LoginAsOwner(_nip), json: new JsonObject
        {
            ["subjectType"] = "Subject1",
            ["dateRange"] = new JsonObject { ["dateType"] = "Invoicing", ["from"] = DateTimeOffset.UtcNow.AddDays(-1).ToString("O") },
        });
        Assert.Equal(400, answer.Status);
        var error = answer.Json!["exception"]!["exceptionDetailList"]![0]!;
        Assert.Equal((21405, "Błąd walidacji danych wejściowych."), (error["exceptionCode"]!.GetValue<int>(), error["exceptionDescription"]!.GetValue<string>()));
        Assert.Equal(detail, Assert.Single(error["details"]!.AsArray())!.GetValue<string>());
    }

    [Fact]
    public void Self_invoicing_third_subjects_and_the_authorized_subject_are_in_the_metadata_and_found_by_their_subject_types()
    {
        var buyer = Nip.NewRandom();
        var factor = Nip.NewRandom();
        var representative = Nip.NewRandom();
        var seller = _client.LoginAsOwner(_nip);
        _client.Authorize(seller, "Nip", buyer, "SelfInvoicing", "Nabywca S.A.");
        var parties = $"""
            <Podmiot3><DaneIdentyfikacyjne><NIP>{factor}</NIP><Nazwa>Faktor Sp. z o.o.</Nazwa></DaneIdentyfikacyjne><Rola>1</Rola></Podmiot3>
            <Podmiot3><DaneIdentyfikacyjne><BrakID>1</BrakID></DaneIdentyfikacyjne><RolaInna>1</RolaInna><OpisRoli>Płatnik</OpisRoli></Podmiot3>
            <PodmiotUpowazniony><DaneIdentyfikacyjne><NIP>{representative}</NIP><Nazwa>Przedstawiciel</Nazwa></DaneIdentyfikacyjne>
            <Adres><KodKraju>PL</KodKraju><AdresL1>ul. Polna 2</AdresL1></Adres><RolaPU>3</RolaPU></PodmiotUpowazniony>
            <Fa>
            """;
        var selfInvoiced = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(Invoice("S1")).Replace("<NIP>1111111111</NIP>", $"<NIP>{buyer}</NIP>")
            .Replace("<Fa>", parties));
        var issuedByBuyer = _client.LoginAsOwner(buyer);
        var session = OpenSession(issuedByBuyer);
        Assert.Equal(202, SendInvoice(issuedByBuyer, session, selfInvoiced).Status);
        Assert.Equal(202, SendInvoice(seller, OpenSession(seller), Invoice("S2")).Status);

        JsonArray Query(string access, string subjectType, bool? selfInvoicing = null)
        {
            var filter = new JsonObject
            {
                ["subjectType"] = subjectType,
                ["dateRange"] = new JsonObject { ["dateType"] = "Invoicing", ["from"] = DateTimeOffset.UtcNow.AddHours(-1).ToString("O") },
            };
            if (selfInvoicing is { } flag)
            {
                filter["isSelfInvoicing"] = flag;
            }
            return _client.Send(HttpMethod.Post, "/v2/invoices/query/metadata?pageSize=10", bearer: access, json: filter).Json!["invoices"]!.AsArray();
        }
        var listed = Query(seller, "Subject1");
        Assert.Equal(2, listed.Count);
        var metadata = listed.Single(i => i!["invoiceNumber"]!.GetValue<string>().Contains("-S1/"))!;
        Assert.True(metadata["isSelfInvoicing"]!.GetValue<bool>());
        Assert.False(listed.Single(i => i!["invoiceNumber"]!.GetValue<string>().Contains("-S2/"))!["isSelfInvoicing"]!.GetValue<bool>());
        Assert.Contains("-S1/", Assert.Single(Query(seller, "Subject1", selfInvoicing: true))!["invoiceNumber"]!.GetValue<string>());
        Assert.Contains("-S2/", Assert.Single(Query(seller, "Subject1", selfInvoicing: false))!["invoiceNumber"]!.GetValue<string>());

        var third = metadata["thirdSubjects"]!.AsArray();
        Assert.Equal(2, third.Count);
        Assert.Equal(("Nip", factor, "Faktor Sp. z o.o.", 1), (third[0]!["identifier"]!["type"]!.GetValue<string>(), third[0]!["identifier"]!["value"]!.GetValue<string>(),
            third[0]!["name"]!.GetValue<string>(), third[0]!["role"]!.GetValue<int>()));
        Assert.Equal(("None", 0), (third[1]!["identifier"]!["type"]!.GetValue<string>(), third[1]!["role"]!.GetValue<int>()));
        Assert.Null(third[1]!["identifier"]!["value"]);
        Assert.Equal((representative, 3), (metadata["authorizedSubject"]!["nip"]!.GetValue<string>(), metadata["authorizedSubject"]!["role"]!.GetValue<int>()));

        Assert.Contains("-S1/", Assert.Single(Query(_client.LoginAsOwner(factor), "Subject3"))!["invoiceNumber"]!.GetValue<string>());
        var asRepresentative = _client.LoginAsOwner(representative);
        Assert.Contains("-S1/", Assert.Single(Query(asRepresentative, "SubjectAuthorized"))!["invoiceNumber"]!.GetValue<string>());
        Assert.Empty(Query(asRepresentative, "Subject3"));
        Assert.Equal(200, (int)_client.Raw($"/v2/invoices/ksef/{metadata["ksefNumber"]}", asRepresentative).StatusCode);
    }

    /// <summary>
    /// As the official Java client's subunit workflow runs it: a supplier invoices a municipality (Podmiot2) for its school,
    /// named as a third subject by the school's internal identifier; the school's administrator finds it as Subject3 there.
    /// </summary>
    [Fact]
    public void A_subunit_finds_the_invoices_that_name_its_internal_identifier_as_a_third_subject()
    {
        var municipality = Nip.NewRandom();
        var school = ContextIdentifier.InternalIdOf(municipality, 1);
        var supplier = _client.LoginAsOwner(_nip);
        var invoice = Encoding.UTF8.GetString(Invoice("J1")).Replace("<NIP>1111111111</NIP>", $"<NIP>{municipality}</NIP>")
            .Replace("<Fa>", $"<Podmiot3><DaneIdentyfikacyjne><IDWew>{school}</IDWew><Nazwa>Szkoła Podstawowa nr 1</Nazwa></DaneIdentyfikacyjne><Rola>2</Rola></Podmiot3><Fa>");
        Assert.Equal(202, SendInvoice(supplier, OpenSession(supplier), Encoding.UTF8.GetBytes(invoice)).Status);

        var pesel = Pesel.NewRandom();
        var headmaster = new TestCertificateRequest { GivenName = "Ewa", Surname = "Dyrektor", Pesel = pesel };
        var personDetails = new JsonObject { ["subjectDetailsType"] = "PersonByIdentifier", ["personById"] = new JsonObject { ["firstName"] = "Ewa", ["lastName"] = "Dyrektor" } };
        Assert.Equal(200, _client.RunOperation(HttpMethod.Post, "/v2/permissions/subunits/grants", _client.LoginAsOwner(municipality), new JsonObject
        {
            ["subjectIdentifier"] = new JsonObject { ["type"] = "Pesel", ["value"] = pesel },
            ["contextIdentifier"] = new JsonObject { ["type"] = "InternalId", ["value"] = school },
            ["description"] = "Dyrektor szkoły",
            ["subunitName"] = "Szkoła Podstawowa nr 1",
            ["subjectDetails"] = personDetails.DeepClone(),
        })["code"]!.GetValue<int>());
        var administrator = _client.Login(headmaster, school).AccessToken!;
        Assert.Equal(200, _client.RunOperation(HttpMethod.Post, "/v2/permissions/persons/grants", administrator, new JsonObject
        {
            ["subjectIdentifier"] = new JsonObject { ["type"] = "Pesel", ["value"] = pesel },
            ["permissions"] = new JsonArray("InvoiceRead"),
            ["description"] = "Odczyt faktur szkoły",
            ["subjectDetails"] = personDetails.DeepClone(),
        })["code"]!.GetValue<int>());
        var reader = _client.Login(headmaster, school).AccessToken!;

        JsonArray Query(string subjectType) => _client.Send(HttpMethod.Post, "/v2/invoices/query/metadata", bearer: reader, json: new JsonObject
        {
            ["subjectType"] = subjectType,
            ["dateRange"] = new JsonObject { ["dateType"] = "Invoicing", ["from"] = DateTimeOffset.UtcNow.AddHours(-1).ToString("O") },
        }).Json!["invoices"]!.AsArray();
        var found = Assert.Single(Query("Subject3"))!;
        Assert.Equal(("InternalId", school, 2), (found["thirdSubjects"]![0]!["identifier"]!["type"]!.GetValue<string>(),
            found["thirdSubjects"]![0]!["identifier"]!["value"]!.GetValue<string>(), found["thirdSubjects"]![0]!["role"]!.GetValue<int>()));
        Assert.Equal(200, (int)_client.Raw($"/v2/invoices/ksef/{found["ksefNumber"]}", reader).StatusCode);
    }

    /// <summary>As the official Java client's RR test runs it: the farmer authorizes its buyer with RRInvoicing, the buyer issues the FA_RR invoice.</summary>
    [Fact]
    public void An_FA_RR_invoice_issued_by_the_buyer_the_farmer_authorized_is_checked_against_its_schema_and_listed_as_VatRr()
    {
        var farmer = _client.LoginAsOwner(_nip);
        var buyerNip = Nip.NewRandom();
        _client.Authorize(farmer, "Nip", buyerNip, "RRInvoicing", "Przetwórnia Owoców Sp. z o.o.");
        string RrInvoice(string number) => File.ReadAllText(Repository.TestSample("invoice-template-fa-rr-1.xml")).Replace("#nip#", _nip)
            .Replace("#buyer_nip#", buyerNip).Replace("#invoice_number#", number).Replace("#issue_date#", PolishDay.Today());
        var buyer = _client.LoginAsOwner(buyerNip);
        var session = _sessions.Open(buyer, "FA_RR (1)", "1-1E", "FA_RR");
        var accepted = SendInvoice(buyer, session, Encoding.UTF8.GetBytes(RrInvoice("RR/1"))).Json!["referenceNumber"]!.GetValue<string>();
        var numberless = SendInvoice(buyer, session, Encoding.UTF8.GetBytes(RrInvoice("RR/2").Replace("<P_4C>RR/2</P_4C>", ""))).Json!["referenceNumber"]!.GetValue<string>();
        var foreign = SendInvoice(buyer, session, Encoding.UTF8.GetBytes(RrInvoice("RR/3").Replace($"<NIP>{_nip}</NIP>", $"<NIP>{Nip.NewRandom()}</NIP>")))
            .Json!["referenceNumber"]!.GetValue<string>();

        JsonNode Item(string reference) => _client.Send(HttpMethod.Get, $"/v2/sessions/{session}/invoices/{reference}", bearer: buyer).Json!;
        Assert.StartsWith(_nip + "-", Item(accepted)["ksefNumber"]!.GetValue<string>());
        Assert.Equal(430, Item(numberless)["status"]!["code"]!.GetValue<int>());
        Assert.Equal(410, Item(foreign)["status"]!["code"]!.GetValue<int>());
        var listed = Assert.Single(_client.Send(HttpMethod.Post, "/v2/invoices/query/metadata", bearer: farmer, json: new JsonObject
        {
            ["subjectType"] = "Subject1",
            ["dateRange"] = new JsonObject { ["dateType"] = "Invoicing", ["from"] = DateTimeOffset.UtcNow.AddHours(-1).ToString("O") },
        }).Json!["invoices"]!.AsArray())!;
        Assert.Equal(("RR/1", "VatRr", PolishDay.Today(), buyerNip), (listed["invoiceNumber"]!.GetValue<string>(), listed["invoiceType"]!.GetValue<string>(),
            listed["issueDate"]!.GetValue<string>(), listed["buyer"]!["identifier"]!["value"]!.GetValue<string>()));
        Assert.Equal((1200.00m, 84.00m, 1284.00m), (listed["netAmount"]!.GetValue<decimal>(), listed["vatAmount"]!.GetValue<decimal>(), listed["grossAmount"]!.GetValue<decimal>()));
        Assert.Equal("FA_RR", listed["formCode"]!["value"]!.GetValue<string>());
    }

    /// <summary>KSeF's rules for XML content since API 2.4.0 (weryfikacja-faktury.md), which no schema says.</summary>
    [Theory]
    [InlineData("<P_1M>Warszawa</P_1M>", "<P_1M>War\u0080szawa</P_1M>", 430)]                // a C1 control
    [InlineData("<P_1M>Warszawa</P_1M>", "<P_1M>War\u007Fszawa</P_1M>", 430)]                // DEL
    [InlineData("<P_1M>Warszawa</P_1M>", "<P_1M>War\uFDD0szawa</P_1M>", 430)]
    [InlineData("<P_1M>Warszawa</P_1M>", "<P_1M>War\U0001FFFFszawa</P_1M>", 430)]            // a plane's last code point
    [InlineData("<P_1M>Warszawa</P_1M>", "<P_1M>War&#x9F;szawa</P_1M>", 430)]                // as a character reference
    [InlineData("<P_1M>Warszawa</P_1M>", "<P_1M>Warszawa</P_1M><!-- \uFDEF -->", 430)]      // in a comment too
    [InlineData("<P_1M>Warszawa</P_1M>", "<P_1M>War\u0085\u00A0\uFDCF\U0001FFFDszawa</P_1M>", 200)] // their neighbours
    [InlineData("<P_1M>Warszawa</P_1M>", "<?erp export?><P_1M>Warszawa</P_1M>", 430)]        // a processing instruction
    [InlineData("encoding=\"UTF-8\"", "encoding=\"US-ASCII\"", 430)]
    [InlineData("encoding=\"UTF-8\"", "encoding=\"utf-8\"", 200)]
    public void Invoices_are_held_to_KSeFs_rules_for_XML_content(string find, string replace, int code)
    {
        var access = _client.LoginAsOwner(_nip);
        var session = OpenSession(access);
        var invoice = Encoding.UTF8.GetString(Invoice($"C-{Guid.NewGuid():N}"));
        Assert.Contains(find, invoice);
        var reference = SendInvoice(access, session, Encoding.UTF8.GetBytes(invoice.Replace(find, replace))).Json!["referenceNumber"]!.GetValue<string>();
        var status = _client.Send(HttpMethod.Get, $"/v2/sessions/{session}/invoices/{reference}", bearer: access).Json!["status"]!;
        Assert.Equal(code, status["code"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("2026-01-31T00:00:00Z", "2026-04-30T00:00:00Z", true)]   // three calendar months exactly
    [InlineData("2026-01-31T00:00:00Z", "2026-05-01T00:00:00Z", false)]  // 90 days from 31 January: past 30 April
    [InlineData("2026-08-31T22:30:00Z", "2026-11-30T23:00:00Z", true)]   // too long in UTC, three months in Polish time (1 Sep 00:30 → 1 Dec 00:00)
    [InlineData("2026-08-31T22:30:00Z", "2026-11-30T23:45:00Z", false)]  // too long in both
    [InlineData("2026-01-31T00:00:00", "2026-04-30T00:00:00", true)]     // no offset: Polish local time
    [InlineData("2026-01-31T00:00:00", "2026-05-01T02:00:00", false)] // 30 Jan 23:00Z + 3 months < 1 May 00:00Z
    public void The_metadata_query_takes_a_range_of_three_calendar_months_in_UTC_or_in_Polish_time(string from, string to, bool accepted)
    {
        var access = _client.LoginAsOwner(_nip);
        var answer = _client.Send(HttpMethod.Post, "/v2/invoices/query/metadata", bearer: access, json: new JsonObject
        {
            ["subjectType"] = "Subject1",
            ["dateRange"] = new JsonObject { ["dateType"] = "Issue", ["from"] = from, ["to"] = to },
        });
        Assert.Equal(accepted ? 200 : 400, answer.Status);
    }

    [Fact]
    public void An_export_package_conforms_decrypts_part_by_part_and_holds_what_its_metadata_lists()
    {
        var access = _client.LoginAsOwner(_nip);
        var session = OpenSession(access);
        var sent = Enumerable.Range(0, 18).Select(i => Invoice($"X{i}")).ToList();
        sent.ForEach(invoice => Assert.Equal(202, SendInvoice(access, session, invoice).Status));
        var sentHashes = sent.Select(i => Convert.ToBase64String(SHA256.HashData(i))).ToHashSet();

        (JsonNode Package, Dictionary<string, byte[]> Files, JsonArray Metadata) Export(DateTimeOffset from)
        {
            var started = _client.Send(HttpMethod.Post, "/v2/invoices/exports", bearer: access, json: new JsonObject
            {
                ["encryption"] = _client.Encryption(_key, _iv),
                ["filters"] = new JsonObject
                {
                    ["subjectType"] = "Subject1",
                    ["dateRange"] = new JsonObject { ["dateType"] = "PermanentStorage", ["from"] = from.ToString("O"), ["restrictToPermanentStorageHwmDate"] = true },
                },
            });
            Assert.Equal(201, started.Status);
            var status = _client.Send(HttpMethod.Get, $"/v2/invoices/exports/{started.Json!["referenceNumber"]}", bearer: access).Json!;
            Assert.Equal(200, status["status"]!["code"]!.GetValue<int>());
            var package = status["package"]!;
            using var archive = new MemoryStream();
            using var aes = Aes.Create();
            aes.Key = _key;
            foreach (var part in package["parts"]!.AsArray())
            {
                var encrypted = _client.Raw(part!["url"]!.GetValue<string>()).Content.ReadAsByteArrayAsync().GetAwaiter().GetResult();
                Assert.Equal(part["encryptedPartHash"]!.GetValue<string>(), Convert.ToBase64String(SHA256.HashData(encrypted)));
                var plain = aes.DecryptCbc(encrypted, _iv, PaddingMode.PKCS7);
                Assert.Equal(part["partHash"]!.GetValue<string>(), Convert.ToBase64String(SHA256.HashData(plain)));
                archive.Write(plain);
            }
            archive.Position = 0;
            using var zip = new System.IO.Compression.ZipArchive(archive);
            var files = zip.Entries.Where(e => e.Name.EndsWith(".xml", StringComparison.Ordinal)).ToDictionary(e => e.Name, e =>
            {
                using var stream = e.Open();
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                return copy.ToArray();
            });
            using var metadata = zip.GetEntry("_metadata.json")!.Open();
            return (package, files, JsonNode.Parse(metadata)!["invoices"]!.AsArray());
        }

        var (first, files, metadata) = Export(DateTimeOffset.UtcNow.AddHours(-1));
        Assert.True(first["isTruncated"]!.GetValue<bool>()); // 18 invoices, 15 a package here
        Assert.Equal(15, first["invoiceCount"]!.GetValue<int>());
        Assert.True(first["parts"]!.AsArray().Count > 1);
        Assert.Equal(15, files.Count);
        Assert.All(metadata, item => Assert.Equal(item!["invoiceHash"]!.GetValue<string>(),
            Convert.ToBase64String(SHA256.HashData(files[item["ksefNumber"]!.GetValue<string>() + ".xml"]))));
        Assert.All(files.Values, content => Assert.Contains(Convert.ToBase64String(SHA256.HashData(content)), sentHashes));

        var (rest, restFiles, _) = Export(DateTimeOffset.Parse(first["lastPermanentStorageDate"]!.GetValue<string>()));
        Assert.False(rest["isTruncated"]!.GetValue<bool>());
        Assert.Equal(4, restFiles.Count); // the boundary record again, and the three after it
        Assert.Equal(18, files.Keys.Union(restFiles.Keys).Count());
    }

    [Fact]
    public void Sending_invoices_is_rate_limited_with_Retry_After()
    {
        using var limited = EmulatorProcess.Start("--Emulator:AuthProcessingDelay=00:00:00", "--Emulator:InvoiceProcessingDelay=00:00:00");
        using var client = new EmulatorClient(limited);
        var access = client.LoginAsOwner(_nip);
        var answers = Enumerable.Range(0, 12)
            .Select(_ => client.Send(HttpMethod.Post, "/v2/sessions/online/20260101-SO-0000000000-0000000000-00/invoices", bearer: access, json: new JsonObject()))
            .ToList();
        Assert.All(answers.Take(10), a => Assert.NotEqual(429, a.Status));
        var refused = answers.Skip(10).First(a => a.Status == 429);
        Assert.True(refused.Response.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        // In KSeF's words: the limit that held the request back (invoiceSend allows 10 a second)
        Assert.StartsWith("Przekroczono limit 10 żądań na sekundę. Spróbuj ponownie po ", refused.Json!["status"]!["details"]![0]!.GetValue<string>());
    }

    private static string Crc8(string text)
    {
        byte crc = 0;
        foreach (var b in Encoding.ASCII.GetBytes(text))
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 0x80) != 0 ? (byte)((crc << 1) ^ 0x07) : (byte)(crc << 1);
            }
        }
        return crc.ToString("X2");
    }
}
