using KsefPS.Core.Identifiers;
using KsefPS.Core.Invoices;
using KsefPS.Core.Store;
using KsefPS.Core.Tests.Sessions;
using KsefPS.Core.Tests.Support;
using KsefPS.Testing;

namespace KsefPS.Core.Tests.Invoices;

/// <summary>
/// The metadata query and the export-based sync over KSeF's real record limit: 10,000 per filter set or package, then
/// the window moves (BRIEF §8.2–8.4).
/// </summary>
public sealed class InvoiceQueryTests
{
    [Fact]
    public async Task A_long_query_is_split_in_windows_of_three_calendar_months_that_KSeF_takes()
    {
        using var emulator = EmulatorProcess.Start("--Emulator:AuthProcessingDelay=00:00:00", "--Emulator:RateLimits=false");
        var seller = Nip.NewRandom();
        var xml = File.ReadAllText(Repository.Spec("samples", "invoice-template-fa-3.xml")).Replace("#nip#", seller).Replace("#invoice_number#", "W{n}");
        emulator.SeedInvoices(xml, 3);
        using var signer = EngineEmulatorFixture.Personal(seller);
        var session = await EngineEmulatorFixture.ConnectAsync(emulator, signer, EngineEmulatorFixture.Nip(seller));
        // From 31 January: 90 days would end on 1 May, past the three months KSeF takes
        var filter = new InvoiceFilter(SubjectType.Seller, InvoiceDateType.PermanentStorage, new DateTimeOffset(2026, 1, 31, 0, 0, 0, TimeSpan.Zero));

        var found = await InvoiceQuery.RunAsync(session, filter, null, CancellationToken.None).ToListAsync();

        Assert.Equal(3, found.Count);
        Assert.Equal(new DateTimeOffset(2026, 4, 30, 0, 0, 0, TimeSpan.Zero), QueryWindow.LatestEnd(filter.From));
        Assert.True(emulator.Received("POST /v2/invoices/query/metadata") >= 4);
    }

    [Fact]
    public async Task Each_invoice_carries_what_KSeF_says_of_it_and_the_authorized_subject_finds_it()
    {
        using var emulator = EmulatorProcess.Start("--Emulator:AuthProcessingDelay=00:00:00", "--Emulator:RateLimits=false");
        var seller = Nip.NewRandom();
        var factor = Nip.NewRandom();
        var representative = Nip.NewRandom();
        var parties = $"""
            <Podmiot3><DaneIdentyfikacyjne><NIP>{factor}</NIP><Nazwa>Faktor</Nazwa></DaneIdentyfikacyjne><Rola>1</Rola></Podmiot3>
            <PodmiotUpowazniony><DaneIdentyfikacyjne><NIP>{representative}</NIP><Nazwa>Przedstawiciel</Nazwa></DaneIdentyfikacyjne>
            <Adres><KodKraju>PL</KodKraju><AdresL1>ul. Polna 2</AdresL1></Adres><RolaPU>3</RolaPU></PodmiotUpowazniony>
            <Fa>
            """;
        emulator.SeedInvoices(File.ReadAllText(Repository.Spec("samples", "invoice-template-fa-3.xml")).Replace("#nip#", seller)
            .Replace("#invoice_number#", "P{n}").Replace("<Fa>", parties), 1);
        using var sellerSigner = EngineEmulatorFixture.Personal(seller);
        var session = await EngineEmulatorFixture.ConnectAsync(emulator, sellerSigner, EngineEmulatorFixture.Nip(seller));
        var from = DateTimeOffset.UtcNow.AddDays(-1);

        var invoice = Assert.Single(await InvoiceQuery.RunAsync(session, new InvoiceFilter(SubjectType.Seller, InvoiceDateType.Invoicing, from), null,
            CancellationToken.None).ToListAsync());

        Assert.Equal(new FormCode("FA (3)", "1-0E", "FA"), invoice.FormCode);
        Assert.Equal("Nip", invoice.BuyerIdentifierType);
        Assert.NotNull(invoice.AcquisitionDate);
        Assert.False(invoice.IsSelfInvoicing);
        Assert.False(invoice.HasAttachment);
        Assert.Null(invoice.HashOfCorrectedInvoice);
        Assert.Equal(new InvoiceSubject("Nip", factor, "Faktor", 1), Assert.Single(invoice.ThirdSubjects));
        Assert.Equal($"{factor} Faktor (role 1)", invoice.ThirdSubjects.ToString()); // what Export-Csv writes
        Assert.Equal(new InvoiceSubject("Nip", representative, "Przedstawiciel", 3), invoice.AuthorizedSubject);
        using var representativeSigner = EngineEmulatorFixture.Personal(representative);
        var asRepresentative = await EngineEmulatorFixture.ConnectAsync(emulator, representativeSigner, EngineEmulatorFixture.Nip(representative));
        var found = await InvoiceQuery.RunAsync(asRepresentative, new InvoiceFilter(SubjectType.Authorized, InvoiceDateType.Invoicing, from), null,
            CancellationToken.None).ToListAsync();
        Assert.Equal(invoice.KsefNumber, Assert.Single(found).KsefNumber);
    }

    [Theory]
    [InlineData("\"thirdSubjects\":[", "\"thirdSubjects\":\"none\",\"renamed\":[")]
    [InlineData("\"formCode\":{\"systemCode\"", "\"formCode\":{\"code\"")]
    [InlineData("\"authorizedSubject\":{\"nip\"", "\"authorizedSubject\":{\"taxId\"")]
    public async Task An_invoice_whose_optional_facts_come_in_another_shape_is_still_listed_without_them(string find, string replaceWith)
    {
        using var emulator = EmulatorProcess.Start("--Emulator:AuthProcessingDelay=00:00:00", "--Emulator:RateLimits=false");
        var seller = Nip.NewRandom();
        emulator.SeedInvoices(File.ReadAllText(Repository.Spec("samples", "invoice-template-fa-3.xml")).Replace("#nip#", seller).Replace("#invoice_number#", "H{n}")
            .Replace("<Fa>", $"<Podmiot3><DaneIdentyfikacyjne><NIP>{Nip.NewRandom()}</NIP></DaneIdentyfikacyjne><Rola>1</Rola></Podmiot3>"
                + $"<PodmiotUpowazniony><DaneIdentyfikacyjne><NIP>{Nip.NewRandom()}</NIP><Nazwa>P</Nazwa></DaneIdentyfikacyjne><Adres><KodKraju>PL</KodKraju><AdresL1>A</AdresL1></Adres><RolaPU>3</RolaPU></PodmiotUpowazniony><Fa>"), 1);
        using var signer = EngineEmulatorFixture.Personal(seller);
        var session = await EngineEmulatorFixture.ConnectAsync(emulator, signer, EngineEmulatorFixture.Nip(seller));
        emulator.AddFault(new { pathPrefix = "/v2/invoices/query/metadata", kind = "Rewrite", find, replaceWith, times = 1 });

        var invoice = Assert.Single(await InvoiceQuery.RunAsync(session, new InvoiceFilter(SubjectType.Seller, InvoiceDateType.Invoicing, DateTimeOffset.UtcNow.AddDays(-1)),
            null, CancellationToken.None).ToListAsync());

        Assert.Equal(find.Contains("thirdSubjects", StringComparison.Ordinal), invoice.ThirdSubjects.Count == 0);
        Assert.Equal(find.Contains("formCode", StringComparison.Ordinal), invoice.FormCode is null);
        Assert.Equal(find.Contains("authorizedSubject", StringComparison.Ordinal), invoice.AuthorizedSubject is null);
    }

    [Fact]
    public async Task Sync_takes_more_than_one_full_package_in_two_exports_and_a_second_run_finds_nothing_new()
    {
        using var emulator = EmulatorProcess.Start("--Emulator:AuthProcessingDelay=00:00:00", "--Emulator:RateLimits=false",
            "--Emulator:ExportProcessingDelay=00:00:00");
        var buyer = Nip.NewRandom();
        var xml = File.ReadAllText(Repository.Spec("samples", "invoice-template-fa-3.xml"))
            .Replace("#nip#", "5265877635").Replace("<NIP>1111111111</NIP>", $"<NIP>{buyer}</NIP>").Replace("#invoice_number#", "Y{n}");
        emulator.SeedInvoices(xml, 10_100);
        using var signer = EngineEmulatorFixture.Personal(buyer);
        var session = await EngineEmulatorFixture.ConnectAsync(emulator, signer, EngineEmulatorFixture.Nip(buyer));
        using var folder = new TempDirectory();
        using var store = KsefStore.Open(folder.File("store.db"));
        var inbox = folder.File("inbox");

        var first = await InvoiceSync.RunAsync(session, store, inbox, SubjectType.Buyer, DateTimeOffset.UtcNow.AddHours(-1), TimeSpan.Zero, null, CancellationToken.None);
        var second = await InvoiceSync.RunAsync(session, store, inbox, SubjectType.Buyer, DateTimeOffset.UtcNow.AddHours(-1), TimeSpan.Zero, null, CancellationToken.None);

        Assert.Equal((10_100, 0), (first.Downloaded, first.AlreadyPresent));
        Assert.Equal(10_100, Directory.EnumerateFiles(inbox, "*.xml").Count());
        Assert.Equal((0, 0), (second.Downloaded, second.AlreadyPresent));
        Assert.True(second.From >= first.HighWaterMark);
        Assert.Equal(3, emulator.Received("POST /v2/invoices/exports")); // a full package and the rest; then one finding nothing
    }

    [Fact]
    public async Task More_than_ten_thousand_invoices_in_one_window_come_out_once_each_through_the_truncation_move()
    {
        using var emulator = EmulatorProcess.Start("--Emulator:AuthProcessingDelay=00:00:00", "--Emulator:RateLimits=false");
        var buyer = Nip.NewRandom();
        var xml = File.ReadAllText(Repository.Spec("samples", "invoice-template-fa-3.xml"))
            .Replace("#nip#", "5265877635").Replace("<NIP>1111111111</NIP>", $"<NIP>{buyer}</NIP>").Replace("#invoice_number#", "{n}");
        emulator.SeedInvoices(xml, 10_250);
        using var signer = EngineEmulatorFixture.Personal(buyer);
        var session = await EngineEmulatorFixture.ConnectAsync(emulator, signer, EngineEmulatorFixture.Nip(buyer));

        var moves = new List<DateTimeOffset>();
        var numbers = new List<string>();
        var filter = new InvoiceFilter(SubjectType.Buyer, InvoiceDateType.PermanentStorage, DateTimeOffset.UtcNow.AddHours(-1)) { RestrictToHighWaterMark = true };
        await foreach (var invoice in InvoiceQuery.RunAsync(session, filter, page => { if (page.WindowMovedTo is { } to) moves.Add(to); }, CancellationToken.None))
        {
            numbers.Add(invoice.KsefNumber);
        }

        Assert.Equal(10_250, numbers.Count);
        Assert.Equal(10_250, numbers.Distinct().Count());
        Assert.Single(moves);
    }
}
