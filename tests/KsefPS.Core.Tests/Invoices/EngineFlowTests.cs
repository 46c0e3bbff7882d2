using System.Security.Cryptography;
using KsefPS.Core.Errors;
using KsefPS.Core.Identifiers;
using KsefPS.Core.Invoices;
using KsefPS.Core.Invoices.Sending;
using KsefPS.Core.Store;
using KsefPS.Core.Tests.Sessions;
using KsefPS.Core.Tests.Support;
using KsefPS.Testing;

namespace KsefPS.Core.Tests.Invoices;

/// <summary>
/// The engine's online send and export download on their own, without the cmdlets: what KSeF receives, what comes back,
/// and that a second pass changes nothing.
/// </summary>
public sealed class EngineFlowTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    internal static string Sample(string seller, string buyer, string number) =>
        File.ReadAllText(Repository.Spec("samples", "invoice-template-fa-3.xml"))
            .Replace("#nip#", seller).Replace("<NIP>1111111111</NIP>", $"<NIP>{buyer}</NIP>").Replace("#invoice_number#", number)
            .Replace("<P_1>2025-09-01</P_1>", $"<P_1>{PolishDay.Today()}</P_1>");

    [Fact]
    public async Task An_online_send_gives_each_invoice_its_KSeF_number_and_the_same_files_again_send_nothing()
    {
        using var emulator = EmulatorProcess.Start("--Emulator:AuthProcessingDelay=00:00:00", "--Emulator:RateLimits=false", "--Emulator:InvoiceProcessingDelay=00:00:00.050");
        var seller = Nip.NewRandom();
        using var signer = EngineEmulatorFixture.Seal(seller);
        var session = await EngineEmulatorFixture.ConnectAsync(emulator, signer, EngineEmulatorFixture.Nip(seller));
        var files = Enumerable.Range(1, 3).Select(i =>
        {
            var path = _dir.File($"fv-{i}.xml");
            File.WriteAllText(path, Sample(seller, "1111111111", $"E{i}"));
            return InvoiceFile.Read(path);
        }).ToList();
        using var store = KsefStore.Open(_dir.File("store/store.db"));

        async Task<List<SentInvoice>> SendAll()
        {
            var journal = new SendJournal(store, session);
            using var sender = new InvoiceSender(session, new SendOptions { Mode = SendMode.Online }, journal.NewWorkDirectory(), journal);
            var results = new List<SentInvoice>();
            foreach (var file in files)
            {
                await sender.AddAsync(file, new SendRequest(OfflineMode: false), null, null, CancellationToken.None);
            }
            await sender.FinishAsync(wait: true, results.Add, null, null, CancellationToken.None);
            return results;
        }

        var first = await SendAll();
        Assert.Equal(3, first.Count);
        Assert.All(first, r => Assert.Equal(SendStatus.Accepted, r.Status));
        Assert.All(first, r => Assert.True(KsefNumber.IsValid(r.KsefNumber), r.KsefNumber));
        Assert.Equal(files.Select(f => f.Hash).Order(), first.Select(r => r.Hash).Order());
        var reference = Assert.Single(first.Select(r => r.SessionReferenceNumber).Distinct());
        Assert.Equal(3, emulator.Received($"POST /v2/sessions/online/{reference}/invoices")); // one session, each invoice once
        // KSeF sends an empty list of failed invoices as null (the official Java client's tests)
        emulator.AddFault(new { pathPrefix = $"/v2/sessions/{reference}/invoices/failed", kind = "Rewrite", find = "\"invoices\":[]", replaceWith = "\"invoices\":null", times = 1 });
        Assert.Empty(await SessionResults.InvoicesAsync(session, reference, failedOnly: true, CancellationToken.None).ToListAsync());
        Assert.Equal(1, emulator.Received($"GET /v2/sessions/{reference}/invoices/failed"));

        var sentBefore = emulator.ReceivedStartingWith("POST /v2/sessions/online");
        var second = await SendAll();
        Assert.Equal(first.Select(r => r.KsefNumber).Order(), second.Select(r => r.KsefNumber).Order());
        Assert.Equal(sentBefore, emulator.ReceivedStartingWith("POST /v2/sessions/online")); // nothing sent twice
    }

    /// <summary>BRIEF §1: Demo and production take FA (3), not FA (2); such an invoice is refused before anything is sent.</summary>
    [Fact]
    public async Task An_FA_2_invoice_is_not_sent_to_Demo()
    {
        using var emulator = EmulatorProcess.Start("--Emulator:AuthProcessingDelay=00:00:00", "--Emulator:RateLimits=false");
        var seller = Nip.NewRandom();
        using var signer = EngineEmulatorFixture.Seal(seller);
        var session = await EngineEmulatorFixture.ConnectAsync(emulator, signer, EngineEmulatorFixture.Nip(seller), environment: Environments.KsefEnvironment.Demo);
        var path = _dir.File("fa2.xml");
        File.WriteAllText(path, File.ReadAllText(Repository.Spec("samples", "invoice-template-fa-2.xml")).Replace("#nip#", seller).Replace("#invoice_number#", "D1"));
        using var store = KsefStore.Open(_dir.File("store/store.db"));
        var journal = new SendJournal(store, session);
        using var sender = new InvoiceSender(session, new SendOptions { Mode = SendMode.Online }, journal.NewWorkDirectory(), journal);

        var error = await Assert.ThrowsAsync<KsefException>(() =>
            sender.AddAsync(InvoiceFile.Read(path, nipControlDigit: false), new SendRequest(OfflineMode: false), null, null, CancellationToken.None));

        Assert.Equal(ErrorIds.InvoiceFormNotAccepted, error.ErrorId);
        Assert.Contains("Demo takes FA (3)", error.Message);
        Assert.Equal(0, emulator.ReceivedStartingWith("POST /v2/sessions"));
    }

    [Fact]
    public async Task A_batch_KSeF_fails_as_a_whole_fails_each_of_its_invoices_with_KSeF_s_reason()
    {
        using var emulator = EmulatorProcess.Start("--Emulator:AuthProcessingDelay=00:00:00", "--Emulator:RateLimits=false", "--Emulator:InvoiceProcessingDelay=00:00:00");
        var seller = Nip.NewRandom();
        using var signer = EngineEmulatorFixture.Seal(seller);
        var session = await EngineEmulatorFixture.ConnectAsync(emulator, signer, EngineEmulatorFixture.Nip(seller));
        using var store = KsefStore.Open(_dir.File("store/store.db"));
        var journal = new SendJournal(store, session);
        // KSeF's answer to a package over the session's limit (the official Java client's batch test), in place of success
        const string Reason = "Przekroczono dopuszczalną liczbę faktur w paczce: '1'. Liczba faktur w paczce: '2'.";
        emulator.AddFault(new
        {
            pathPrefix = "/v2/sessions/", method = "GET", kind = "Rewrite", times = 100,
            find = "\"code\":200,\"description\":\"Sesja wsadowa przetworzona pomyślnie\"",
            replaceWith = $"\"code\":420,\"description\":\"Przekroczony limit faktur w sesji\",\"details\":[\"{Reason}\"]",
        });

        var results = new List<SentInvoice>();
        using (var sender = new InvoiceSender(session, new SendOptions { Mode = SendMode.Batch }, journal.NewWorkDirectory(), journal))
        {
            foreach (var i in new[] { 1, 2 })
            {
                var path = _dir.File($"fb-{i}.xml");
                File.WriteAllText(path, Sample(seller, "1111111111", $"W{i}"));
                await sender.AddAsync(InvoiceFile.Read(path), new SendRequest(OfflineMode: false), null, null, CancellationToken.None);
            }
            await sender.FinishAsync(wait: true, results.Add, null, null, CancellationToken.None);
        }

        Assert.Equal(2, results.Count);
        Assert.All(results, r =>
        {
            Assert.Equal(SendStatus.Rejected, r.Status);
            Assert.Equal(420, r.StatusCode);
            Assert.Contains(Reason, r.Error);
            Assert.Contains("the whole session", r.Error);
        });
    }

    [Fact]
    public async Task An_export_in_several_parts_is_written_invoice_by_invoice_and_a_second_pass_finds_them_present()
    {
        using var emulator = EmulatorProcess.Start("--Emulator:AuthProcessingDelay=00:00:00", "--Emulator:RateLimits=false",
            "--Emulator:ExportProcessingDelay=00:00:00", "--Emulator:ExportPartSize=20000");
        var buyer = Nip.NewRandom();
        emulator.SeedInvoices(Sample("5265877635", buyer, "X{n}"), 25);
        using var signer = EngineEmulatorFixture.Personal(buyer);
        var session = await EngineEmulatorFixture.ConnectAsync(emulator, signer, EngineEmulatorFixture.Nip(buyer));
        var filter = new InvoiceFilter(SubjectType.Buyer, InvoiceDateType.PermanentStorage, DateTimeOffset.UtcNow.AddHours(-1)) { RestrictToHighWaterMark = true };
        var inbox = _dir.File("inbox");

        var first = await InvoiceExport.SaveAsync(session, filter, inbox, new HashSet<string>(), null, CancellationToken.None);
        var again = await InvoiceExport.SaveAsync(session, filter, inbox, new HashSet<string>(), null, CancellationToken.None);

        Assert.Equal((25, 0, false), (first.Downloaded, first.AlreadyPresent, first.IsTruncated));
        Assert.Equal((0, 25), (again.Downloaded, again.AlreadyPresent));
        var listed = await InvoiceQuery.RunAsync(session, filter with { RestrictToHighWaterMark = false }, null, CancellationToken.None).ToListAsync();
        Assert.Equal(25, listed.Count);
        foreach (var invoice in listed)
        {
            var path = Path.Combine(inbox, invoice.KsefNumber + ".xml");
            Assert.Equal(invoice.Hash, Convert.ToBase64String(SHA256.HashData(File.ReadAllBytes(path))));
        }
        Assert.Empty(Directory.EnumerateFiles(inbox, ".*")); // no part or temporary file left behind
    }
}
