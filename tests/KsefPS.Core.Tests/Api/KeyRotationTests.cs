using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using KsefPS.Core.Api;
using KsefPS.Core.Environments;
using KsefPS.Core.Errors;
using KsefPS.Core.Identifiers;
using KsefPS.Core.Invoices;
using KsefPS.Core.Invoices.Sending;
using KsefPS.Core.Sessions;
using KsefPS.Core.Store;
using KsefPS.Core.Tests.Invoices;
using KsefPS.Core.Tests.Sessions;
using KsefPS.Core.Tests.Support;
using KsefPS.Core.Tokens;
using KsefPS.Testing;

namespace KsefPS.Core.Tests.Api;

/// <summary>
/// KSeF rotates its encryption keys (BRIEF §5): a request that names a key withdrawn since the client fetched the list
/// gets 21470, and the client fetches the list again and repeats the request once with the current key. The emulator's
/// RotateKeys fault rotates right after answering the list.
/// </summary>
public sealed class KeyRotationTests : IDisposable
{
    private const string KeyList = "GET /v2/security/public-key-certificates";
    private readonly TempDirectory _dir = new();
    private readonly EmulatorProcess _emulator = EmulatorProcess.Start("--Emulator:AuthProcessingDelay=00:00:00", "--Emulator:RateLimits=false",
        "--Emulator:InvoiceProcessingDelay=00:00:00", "--Emulator:ExportProcessingDelay=00:00:00");

    public void Dispose()
    {
        _emulator.Dispose();
        _dir.Dispose();
    }

    private void RotateAfterNextKeyList(int times = 1) =>
        _emulator.AddFault(new { pathPrefix = "/v2/security/public-key-certificates", method = "GET", kind = "RotateKeys", times });

    private Task<KsefSession> ConnectOwner(string nip) =>
        EngineEmulatorFixture.ConnectAsync(_emulator, EngineEmulatorFixture.Seal(nip), EngineEmulatorFixture.Nip(nip));

    [Fact]
    public async Task A_KSeF_token_logs_in_with_a_new_challenge_under_the_current_key()
    {
        var nip = Nip.NewRandom();
        var owner = await ConnectOwner(nip);
        var (reference, secret) = await KsefTokens.CreateAsync(owner, [KsefTokenPermission.InvoiceRead], "rotation test", null, CancellationToken.None);
        await KsefTokens.WaitWhilePendingAsync(owner, reference, [], TimeSpan.FromMinutes(1), CancellationToken.None);
        var credential = new SessionCredential.KsefToken("test token", () => secret.Copy());
        var (lists, challenges, logins) = (_emulator.Received(KeyList), _emulator.Received("POST /v2/auth/challenge"), _emulator.Received("POST /v2/auth/ksef-token"));
        RotateAfterNextKeyList();

        var narration = new List<string>();
        var session = await KsefConnector.ConnectAsync(KsefEnvironment.Test, new KsefHttpClient(_emulator.Url, new KsefApiOptions()),
            EngineEmulatorFixture.Nip(nip), credential, null, narration.Add, CancellationToken.None);

        Assert.Equal(KsefSessionState.Active, session.State);
        Assert.Equal(lists + 2, _emulator.Received(KeyList));
        Assert.Equal(challenges + 2, _emulator.Received("POST /v2/auth/challenge"));
        Assert.Equal(logins + 2, _emulator.Received("POST /v2/auth/ksef-token")); // the first refused with 21470
        Assert.Contains(narration, line => line.Contains("no longer takes its KsefTokenEncryption key", StringComparison.Ordinal));
    }

    private static X509Certificate2 MinistryCertificate(string name)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest($"CN=Ministerstwo Finansów, OU={name}", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddYears(-3), DateTimeOffset.UtcNow.AddYears(3));
    }

    [Fact]
    public async Task Of_the_published_certificates_the_one_valid_now_with_the_latest_validFrom_is_used()
    {
        // A planned rotation's transition (BRIEF §5): the old and the new key listed side by side, beside one
        // announced for later, one already ended and a newer one for the other usage.
        var now = DateTimeOffset.UtcNow;
        using var old = MinistryCertificate("old");
        using var renewed = MinistryCertificate("new");
        using var announced = MinistryCertificate("announced");
        using var ended = MinistryCertificate("ended");
        using var tokenKey = MinistryCertificate("token");
        JsonNode Entry(X509Certificate2 certificate, DateTimeOffset from, DateTimeOffset to, string usage) => new JsonObject
        {
            ["certificate"] = Convert.ToBase64String(certificate.RawData),
            ["certificateId"] = Convert.ToBase64String(SHA256.HashData(certificate.RawData)),
            ["publicKeyId"] = Convert.ToBase64String(SHA256.HashData(certificate.PublicKey.ExportSubjectPublicKeyInfo())),
            ["validFrom"] = from.ToString("O"),
            ["validTo"] = to.ToString("O"),
            ["usage"] = new JsonArray(usage),
        };
        var listed = new JsonArray(
            Entry(announced, now.AddDays(1), now.AddYears(3), PublicKeys.SymmetricKeyEncryption),
            Entry(old, now.AddYears(-2), now.AddMonths(3), PublicKeys.SymmetricKeyEncryption),
            Entry(ended, now.AddHours(-2), now.AddHours(-1), PublicKeys.SymmetricKeyEncryption),
            Entry(renewed, now.AddDays(-3), now.AddYears(2), PublicKeys.SymmetricKeyEncryption),
            Entry(tokenKey, now.AddMinutes(-1), now.AddYears(2), PublicKeys.KsefTokenEncryption));
        _emulator.AddFault(new { pathPrefix = "/v2/security/public-key-certificates", method = "GET", kind = "Rewrite", replaceWith = listed.ToJsonString() });

        var chosen = await PublicKeys.ForUsageAsync(new KsefHttpClient(_emulator.Url, new KsefApiOptions()), PublicKeys.SymmetricKeyEncryption, CancellationToken.None);

        Assert.Equal(renewed.Thumbprint, chosen.Certificate.Thumbprint);
        Assert.Equal(listed[3]!["publicKeyId"]!.GetValue<string>(), chosen.PublicKeyId);
    }

    /// <summary>Connects as a new seller (XAdES: no key fetched) and sends one invoice online, waiting for its result.</summary>
    private async Task<List<SentInvoice>> SendOneOnline(string number)
    {
        var seller = Nip.NewRandom();
        var session = await ConnectOwner(seller);
        var path = _dir.File($"{number}.xml");
        File.WriteAllText(path, EngineFlowTests.Sample(seller, "1111111111", number));
        using var store = KsefStore.Open(_dir.File($"store-{number}/store.db"));
        var journal = new SendJournal(store, session);
        var results = new List<SentInvoice>();
        using var sender = new InvoiceSender(session, new SendOptions { Mode = SendMode.Online }, journal.NewWorkDirectory(), journal);
        await sender.AddAsync(InvoiceFile.Read(path), new SendRequest(OfflineMode: false), null, null, CancellationToken.None);
        await sender.FinishAsync(wait: true, results.Add, null, null, CancellationToken.None);
        return results;
    }

    [Fact]
    public async Task An_online_session_opens_under_the_current_key_and_its_invoice_is_accepted()
    {
        RotateAfterNextKeyList();

        var result = Assert.Single(await SendOneOnline("R1"));

        Assert.Equal(SendStatus.Accepted, result.Status);
        Assert.Equal(2, _emulator.Received("POST /v2/sessions/online"));
        Assert.Equal(1, _emulator.Received($"POST /v2/sessions/online/{result.SessionReferenceNumber}/invoices"));
    }

    [Fact]
    public async Task An_export_starts_under_the_current_key_and_its_package_decrypts()
    {
        var buyer = Nip.NewRandom();
        _emulator.SeedInvoices(EngineFlowTests.Sample("5265877635", buyer, "K{n}"), 3);
        var session = await EngineEmulatorFixture.ConnectAsync(_emulator, EngineEmulatorFixture.Personal(buyer), EngineEmulatorFixture.Nip(buyer));
        var filter = new InvoiceFilter(SubjectType.Buyer, InvoiceDateType.PermanentStorage, DateTimeOffset.UtcNow.AddHours(-1));
        RotateAfterNextKeyList();

        var saved = await InvoiceExport.SaveAsync(session, filter, _dir.File("inbox"), new HashSet<string>(), null, CancellationToken.None);

        Assert.Equal(3, saved.Downloaded);
        Assert.Equal(2, _emulator.Received("POST /v2/invoices/exports"));
    }

    [Fact]
    public async Task A_key_withdrawn_again_after_the_second_fetch_is_reported_not_tried_forever()
    {
        RotateAfterNextKeyList(times: 2);

        var error = await Assert.ThrowsAsync<KsefException>(() => SendOneOnline("R2"));

        Assert.Equal(21470, error.Server!.FirstCode);
        Assert.Equal(2, _emulator.Received("POST /v2/sessions/online"));
        Assert.Equal(0, _emulator.ReceivedStartingWith("POST /v2/sessions/online/"));
    }
}
