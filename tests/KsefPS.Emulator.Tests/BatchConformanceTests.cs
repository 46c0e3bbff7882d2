using System.Formats.Tar;
using System.IO.Compression;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using KsefPS.Core.Identifiers;
using KsefPS.Core.Tests.Support;
using KsefPS.Testing;

namespace KsefPS.Emulator.Tests;

/// <summary>
/// Batch sessions (BRIEF §7.7), the session list and the effective rate limits, driven with raw HTTP, our own archive
/// and AES here, every JSON answer checked against the official OpenAPI schemas.
/// </summary>
public sealed class BatchConformanceTests(InvoiceEmulatorFixture fixture) : IClassFixture<InvoiceEmulatorFixture>
{
    private readonly EmulatorClient _client = new(fixture.Emulator);
    private readonly HttpClient _storage = new();
    private readonly string _nip = Nip.NewRandom();
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly byte[] _iv = RandomNumberGenerator.GetBytes(16);

    private byte[] Invoice(string number, string template = "invoice-template-fa-3.xml", string? sellerNip = null) => Encoding.UTF8.GetBytes(
        File.ReadAllText(Repository.Spec("samples", template))
            .Replace("#nip#", sellerNip ?? _nip).Replace("#invoice_number#", number)
            .Replace("<P_1>2025-09-01</P_1>", $"<P_1>{PolishDay.Today()}</P_1>"));

    private static byte[] Zip(IEnumerable<(string Name, byte[] Content)> files)
    {
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in files)
            {
                using var entry = zip.CreateEntry(name).Open();
                entry.Write(content);
            }
        }
        return output.ToArray();
    }

    private static byte[] TarGz(IEnumerable<(string Name, byte[] Content)> files)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax))
        {
            foreach (var (name, content) in files)
            {
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(content) });
            }
        }
        return output.ToArray();
    }

    private List<byte[]> EncryptedParts(byte[] package, int parts, byte[]? iv = null)
    {
        using var aes = Aes.Create();
        aes.Key = _key;
        var size = (package.Length + parts - 1) / parts;
        return Enumerable.Range(0, parts).Select(i => aes.EncryptCbc(package.AsSpan(i * size, Math.Min(size, package.Length - i * size)), iv ?? _iv, PaddingMode.PKCS7)).ToList();
    }

    private EmulatorClient.Answer Open(string access, byte[] package, List<byte[]> parts, string compression, string systemCode = "FA (3)", string schemaVersion = "1-0E",
        string value = "FA", long? declaredPartSize = null, bool offline = false, EmulatorClient? client = null, long? declaredFileSize = null) =>
        (client ?? _client).Send(HttpMethod.Post, "/v2/sessions/batch", bearer: access, json: new JsonObject
        {
            ["formCode"] = new JsonObject { ["systemCode"] = systemCode, ["schemaVersion"] = schemaVersion, ["value"] = value },
            ["batchFile"] = new JsonObject
            {
                ["fileSize"] = declaredFileSize ?? package.Length,
                ["fileHash"] = Convert.ToBase64String(SHA256.HashData(package)),
                ["compressionType"] = compression,
                ["fileParts"] = new JsonArray(parts.Select((p, i) => (JsonNode)new JsonObject
                {
                    ["ordinalNumber"] = i + 1,
                    ["fileSize"] = declaredPartSize ?? p.Length,
                    ["fileHash"] = Convert.ToBase64String(SHA256.HashData(p)),
                }).ToArray()),
            },
            ["encryption"] = (client ?? _client).Encryption(_key, _iv),
            ["offlineMode"] = offline,
        });

    private int Upload(JsonNode request, byte[] part, string? bearer = null)
    {
        using var message = new HttpRequestMessage(new HttpMethod(request["method"]!.GetValue<string>()), request["url"]!.GetValue<string>())
        {
            Content = new ByteArrayContent(part),
        };
        foreach (var (name, value) in request["headers"]!.AsObject())
        {
            message.Headers.TryAddWithoutValidation(name, value!.GetValue<string>());
        }
        if (bearer is not null)
        {
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }
        return (int)_storage.Send(message).StatusCode;
    }

    private JsonNode WaitForSession(string access, string session)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var status = _client.Send(HttpMethod.Get, $"/v2/sessions/{session}", bearer: access).Json!;
            if (status["status"]!["code"]!.GetValue<int>() is not (100 or 150) || DateTime.UtcNow > deadline)
            {
                return status;
            }
        }
    }


    [Theory]
    [InlineData("Zip", true)]
    [InlineData("TarGz", false)]
    public void A_batch_in_several_parts_is_processed_and_each_invoice_reported_under_its_file_name(string compression, bool attachmentsAllowed)
    {
        var access = _client.LoginAsOwner(_nip);
        if (attachmentsAllowed)
        {
            Assert.Equal(200, _client.Send(HttpMethod.Post, "/v2/testdata/attachment", json: new JsonObject { ["nip"] = _nip }).Status);
        }
        var files = new List<(string, byte[])>
        {
            ("first.xml", Invoice("B1")),
            ("with-attachment.xml", Invoice("B2", "invoice-template-fa-3-with-attachment.xml")),
            ("foreign.xml", Invoice("B3", sellerNip: Nip.NewRandom())),
        };
        var package = compression == "Zip" ? Zip(files) : TarGz(files);
        var parts = EncryptedParts(package, 3);
        var opened = Open(access, package, parts, compression);
        Assert.Equal(201, opened.Status);
        var session = opened.Json!["referenceNumber"]!.GetValue<string>();
        Assert.Matches("^[0-9]{8}-SB-", session);
        var uploads = opened.Json["partUploadRequests"]!.AsArray();
        Assert.Equal(3, uploads.Count);
        Assert.Equal(21205, _client.Send(HttpMethod.Post, $"/v2/sessions/batch/{session}/close", bearer: access).ExceptionCode); // nothing uploaded yet
        Assert.Equal(400, Upload(uploads[0]!, parts[0], bearer: access)); // a pre-signed upload carries no token
        for (var i = 0; i < 3; i++)
        {
            var request = uploads.Single(u => u!["ordinalNumber"]!.GetValue<int>() == i + 1)!;
            Assert.Equal(201, Upload(request, parts[i]));
        }
        Assert.Equal(100, _client.Send(HttpMethod.Get, $"/v2/sessions/{session}", bearer: access).Json!["status"]!["code"]!.GetValue<int>());
        Assert.Equal(204, _client.Send(HttpMethod.Post, $"/v2/sessions/batch/{session}/close", bearer: access).Status);
        Assert.Equal(403, Upload(uploads[0]!, parts[0])); // closed: the links write no more
        Assert.Equal(21180, _client.Send(HttpMethod.Post, $"/v2/sessions/batch/{session}/close", bearer: access).ExceptionCode);

        var status = WaitForSession(access, session);
        Assert.Equal(200, status["status"]!["code"]!.GetValue<int>());
        Assert.Equal(3, status["invoiceCount"]!.GetValue<int>());
        Assert.Equal(attachmentsAllowed ? 2 : 1, status["successfulInvoiceCount"]!.GetValue<int>());
        Assert.NotEmpty(status["upo"]!["pages"]!.AsArray());
        var invoices = _client.Send(HttpMethod.Get, $"/v2/sessions/{session}/invoices?pageSize=10", bearer: access).Json!["invoices"]!.AsArray()
            .ToDictionary(i => i!["invoiceFileName"]!.GetValue<string>(), i => i!);
        Assert.Equal(200, invoices["first.xml"]["status"]!["code"]!.GetValue<int>());
        Assert.Equal(Convert.ToBase64String(SHA256.HashData(files[0].Item2)), invoices["first.xml"]["invoiceHash"]!.GetValue<string>());
        // attachments are allowed in batch, where the context has the consent (e-Urząd Skarbowy; /testdata/attachment on TEST)
        Assert.Equal(attachmentsAllowed ? 200 : 415, invoices["with-attachment.xml"]["status"]!["code"]!.GetValue<int>());
        Assert.Equal(410, invoices["foreign.xml"]["status"]!["code"]!.GetValue<int>());
        Assert.Equal(status["dateCreated"]!.GetValue<string>(), invoices["first.xml"]["invoicingDate"]!.GetValue<string>()); // acceptance = the session's opening

        var listed = _client.Send(HttpMethod.Get, "/v2/sessions?sessionType=Batch&pageSize=10&statuses=Succeeded", bearer: access).Json!["sessions"]!.AsArray();
        Assert.Contains(listed, s => s!["referenceNumber"]!.GetValue<string>() == session && s["successfulInvoiceCount"]!.GetValue<int>() == (attachmentsAllowed ? 2 : 1));
        Assert.Empty(_client.Send(HttpMethod.Get, "/v2/sessions?sessionType=Online&pageSize=10", bearer: access).Json!["sessions"]!.AsArray());
        // Enumerations in the query in any case, as ASP.NET Core binds them; an unknown one is still refused.
        var lowerCase = _client.Send(HttpMethod.Get, "/v2/sessions?sessionType=batch&pageSize=10&statuses=succeeded", bearer: access).Json!["sessions"]!.AsArray();
        Assert.Equal(listed.Select(s => s!["referenceNumber"]!.GetValue<string>()), lowerCase.Select(s => s!["referenceNumber"]!.GetValue<string>()));
        Assert.Equal(21405, _client.Send(HttpMethod.Get, "/v2/sessions?sessionType=Interactive&pageSize=10", bearer: access).ExceptionCode);
    }

    [Fact]
    public void Batch_open_and_close_refuse_what_KSeF_refuses()
    {
        var access = _client.LoginAsOwner(_nip);
        var package = Zip([("a.xml", Invoice("R1"))]);
        var parts = EncryptedParts(package, 1);
        Assert.Equal(21405, Open(access, package, parts, "Zip", "PEF (3)", "2-1", "PEF").ExceptionCode); // PEF only online
        Assert.Equal(21405, Open(access, package, parts, "Rar").ExceptionCode);
        Assert.Equal(21157, Open(access, package, parts, "Zip", declaredPartSize: 100_000_017).ExceptionCode);
        // 5 GB (decimal) at most, in the words KSeF's validator answered the official Java client's batch test with
        var tooLarge = Open(access, package, parts, "Zip", declaredFileSize: 5_000_000_001);
        Assert.Equal(21405, tooLarge.ExceptionCode);
        Assert.Equal("'fileSize' must be less than or equal to '5000000000'.", tooLarge.Json!["exception"]!["exceptionDetailList"]![0]!["details"]![0]!.GetValue<string>());
        var tooMany = Enumerable.Repeat(parts[0], 51).ToList();
        Assert.Equal(21161, Open(access, package, tooMany, "Zip").ExceptionCode);

        var opened = Open(access, package, parts, "Zip", declaredPartSize: parts[0].Length + 16).Json!;
        var session = opened["referenceNumber"]!.GetValue<string>();
        Assert.Equal(201, Upload(opened["partUploadRequests"]![0]!, parts[0]));
        Assert.Equal(21157, _client.Send(HttpMethod.Post, $"/v2/sessions/batch/{session}/close", bearer: access).ExceptionCode); // size differs from the declared one
        Assert.Equal(21173, _client.Send(HttpMethod.Post, "/v2/sessions/batch/20260101-SB-0000000000-0000000000-00/close", bearer: access).ExceptionCode);
    }

    [Fact]
    public void A_part_that_is_not_what_was_declared_fails_the_session_with_405_and_counts_stay_absent_until_known()
    {
        var access = _client.LoginAsOwner(_nip);
        var package = Zip([("a.xml", Invoice("H1"))]);
        var parts = EncryptedParts(package, 1);
        var opened = Open(access, package, parts, "Zip").Json!;
        var session = opened["referenceNumber"]!.GetValue<string>();
        var open = _client.Send(HttpMethod.Get, $"/v2/sessions/{session}", bearer: access).Json!;
        Assert.Null(open["invoiceCount"]); // optional: KSeF does not know them yet
        var tampered = (byte[])parts[0].Clone();
        tampered[^1] ^= 0xFF;
        Assert.Equal(201, Upload(opened["partUploadRequests"]![0]!, tampered));
        Assert.Equal(204, _client.Send(HttpMethod.Post, $"/v2/sessions/batch/{session}/close", bearer: access).Status);
        var failed = WaitForSession(access, session);
        Assert.Equal(405, failed["status"]!["code"]!.GetValue<int>());
        // As KSeF answered the official Java client's batch tests: which part, and no counts for a package it did not take
        Assert.StartsWith("Skrót SHA-256 części: '1' nie zgadza się z zadeklarowanym skrótem:", failed["status"]!["details"]![0]!.GetValue<string>());
        Assert.Null(failed["invoiceCount"]);
        Assert.Null(failed["failedInvoiceCount"]);
    }

    [Fact]
    public void Parts_encrypted_with_another_IV_decrypt_to_a_package_that_is_not_the_declared_one_430()
    {
        // As KSeF answered the official Java client's test with a wrong initialization vector
        var access = _client.LoginAsOwner(_nip);
        var package = Zip([("a.xml", Invoice("V1")), ("b.xml", Invoice("V2"))]);
        var parts = EncryptedParts(package, 2, iv: RandomNumberGenerator.GetBytes(16));
        var opened = Open(access, package, parts, "Zip").Json!;
        var session = opened["referenceNumber"]!.GetValue<string>();
        Assert.Equal(201, Upload(opened["partUploadRequests"]![0]!, parts[0]));
        Assert.Equal(201, Upload(opened["partUploadRequests"]![1]!, parts[1]));
        Assert.Equal(204, _client.Send(HttpMethod.Post, $"/v2/sessions/batch/{session}/close", bearer: access).Status);
        var failed = WaitForSession(access, session);
        Assert.Equal(430, failed["status"]!["code"]!.GetValue<int>());
        Assert.StartsWith("Skrót SHA-256 przesłanej paczki faktur nie jest zgodny z zadeklarowanym skrótem:", failed["status"]!["details"]![0]!.GetValue<string>());
        Assert.Null(failed["invoiceCount"]);
    }

    [Fact]
    public void A_package_with_more_invoices_than_a_session_takes_fails_with_420()
    {
        using var small = EmulatorProcess.Start("--Emulator:AuthProcessingDelay=00:00:00", "--Emulator:RateLimits=false", "--Emulator:MaxInvoicesPerSession=2");
        using var client = new EmulatorClient(small);
        var access = client.LoginAsOwner(_nip);
        var package = TarGz([("a.xml", Invoice("M1")), ("b.xml", Invoice("M2")), ("c.xml", Invoice("M3"))]);
        var parts = EncryptedParts(package, 1);
        var opened = Open(access, package, parts, "TarGz", client: client).Json!;
        var session = opened["referenceNumber"]!.GetValue<string>();
        Assert.Equal(201, Upload(opened["partUploadRequests"]![0]!, parts[0]));
        Assert.Equal(204, client.Send(HttpMethod.Post, $"/v2/sessions/batch/{session}/close", bearer: access).Status);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        JsonNode status;
        do
        {
            status = client.Send(HttpMethod.Get, $"/v2/sessions/{session}", bearer: access).Json!;
        }
        while (status["status"]!["code"]!.GetValue<int>() is 100 or 150 && DateTime.UtcNow < deadline);
        Assert.Equal(420, status["status"]!["code"]!.GetValue<int>());
        Assert.Equal("Przekroczono dopuszczalną liczbę faktur w paczce: '2'. Liczba faktur w paczce: '3'.", status["status"]!["details"]![0]!.GetValue<string>());
        Assert.Null(status["invoiceCount"]); // as KSeF answered the official Java client: no counts for a package it did not take
        Assert.Empty(client.Send(HttpMethod.Get, $"/v2/sessions/{session}/invoices?pageSize=10", bearer: access).Json!["invoices"]!.AsArray());
    }

    [Fact]
    public void After_the_upload_window_the_links_refuse_the_close_gives_21208_and_the_session_is_cancelled()
    {
        using var hurried = EmulatorProcess.Start("--Emulator:AuthProcessingDelay=00:00:00", "--Emulator:RateLimits=false", "--Emulator:BatchUploadWindowPerPart=00:00:00.001");
        using var client = new EmulatorClient(hurried);
        var access = client.LoginAsOwner(_nip);
        var package = Zip([("a.xml", Invoice("W1"))]);
        var parts = EncryptedParts(package, 1);
        var opened = Open(access, package, parts, "Zip", client: client).Json!;
        var session = opened["referenceNumber"]!.GetValue<string>();
        Assert.Equal(403, Upload(opened["partUploadRequests"]![0]!, parts[0]));
        Assert.Equal(21208, client.Send(HttpMethod.Post, $"/v2/sessions/batch/{session}/close", bearer: access).ExceptionCode);
        Assert.Equal(440, client.Send(HttpMethod.Get, $"/v2/sessions/{session}", bearer: access).Json!["status"]!["code"]!.GetValue<int>());
    }

    [Fact]
    public void Rate_limits_are_reported_and_the_session_list_filters_and_pages()
    {
        var access = _client.LoginAsOwner(_nip);
        var limits = _client.Send(HttpMethod.Get, "/v2/rate-limits", bearer: access).Json!;
        Assert.True(limits["batchSession"]!["perHour"]!.GetValue<int>() > 0);
        var opened = Enumerable.Range(0, 12).Select(i =>
        {
            var package = Zip([($"{i}.xml", Invoice($"L{i}"))]);
            return Open(access, package, EncryptedParts(package, 1), "Zip").Json!["referenceNumber"]!.GetValue<string>();
        }).ToHashSet();
        var first = _client.Send(HttpMethod.Get, "/v2/sessions?sessionType=Batch&pageSize=10&statuses=InProgress", bearer: access);
        var page = first.Json!["sessions"]!.AsArray();
        Assert.Equal(10, page.Count);
        var token = first.Json["continuationToken"]!.GetValue<string>();
        var rest = _client.Send(HttpMethod.Get, "/v2/sessions?sessionType=Batch&pageSize=10&statuses=InProgress", bearer: access, continuationToken: token)
            .Json!["sessions"]!.AsArray();
        Assert.Equal(2, rest.Count);
        Assert.Equal(opened, page.Concat(rest).Select(s => s!["referenceNumber"]!.GetValue<string>()).ToHashSet());
        Assert.Empty(_client.Send(HttpMethod.Get, "/v2/sessions?sessionType=Batch&pageSize=10&statuses=Succeeded", bearer: access).Json!["sessions"]!.AsArray());
        Assert.Equal(21405, _client.Send(HttpMethod.Get, "/v2/sessions?pageSize=10", bearer: access).ExceptionCode); // sessionType is required
    }
}
