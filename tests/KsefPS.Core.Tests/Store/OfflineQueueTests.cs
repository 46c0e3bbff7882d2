using KsefPS.Core.Environments;
using KsefPS.Core.Offline;
using KsefPS.Core.Store;
using KsefPS.Core.Tests.Support;
using Microsoft.Data.Sqlite;

namespace KsefPS.Core.Tests.Store;

/// <summary>What goes into the offline queue comes out the same, text of any length and alphabet included.</summary>
public sealed class OfflineQueueTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Every_value_of_a_queued_invoice_comes_back_as_it_was_given()
    {
        var deep = "/" + string.Join('/', Enumerable.Repeat("bardzo długa ścieżka żółć", 60)) + "/faktura.xml"; // over 1,500 UTF-8 bytes
        ProtectedInvoice[] invoices =
        [
            Invoice("/faktury/Łódź/FV 1 ąęłńóśźż.xml", "FV/1/ąę"),
            Invoice(deep, "FV/2"),
            Invoice("/faktury/FV-3.xml", ""),
            Invoice("/faktury/FV-4.xml", null),
        ];
        using var store = KsefStore.Open(_dir.File("store.db"));

        Assert.Equal(4, store.AddOfflineInvoices(invoices));

        var queued = store.ListOfflineInvoices().OrderBy(q => q.Hash, StringComparer.Ordinal).ToList();
        Assert.Equal(invoices.Length, queued.Count);
        foreach (var (given, stored) in invoices.OrderBy(i => i.Hash, StringComparer.Ordinal).Zip(queued))
        {
            Assert.Equal(
                (given.Path, given.InvoiceNumber, given.SellerNip, given.IssueDate, given.Hash, given.Mode, given.Deadline, given.Environment,
                    given.CertificateSerial, given.InvoiceLink, given.CertificateLink),
                (stored.Path, stored.InvoiceNumber, stored.SellerNip, stored.IssueDate, stored.Hash, stored.Mode, stored.Deadline, stored.Environment,
                    stored.CertificateSerial, stored.InvoiceLink, stored.CertificateLink));
        }
    }

    [Fact]
    public void The_same_invoice_is_queued_once_per_environment()
    {
        var invoice = Invoice("/faktury/FV-1.xml", "FV/1");
        using var store = KsefStore.Open(_dir.File("store.db"));

        Assert.Equal(1, store.AddOfflineInvoices([invoice]));
        Assert.Equal(0, store.AddOfflineInvoices([invoice with { Path = "/faktury/kopia.xml" }]));
        Assert.Equal(1, store.AddOfflineInvoices([invoice with { Environment = KsefEnvironment.Demo }]));

        Assert.Equal(2, store.ListOfflineInvoices().Count);
    }

    [Fact]
    public void An_invoice_KSeF_already_has_is_not_queued_again()
    {
        var invoice = Invoice("/faktury/FV-1.xml", "FV/1");
        using var store = KsefStore.Open(_dir.File("store.db"));
        store.AddOfflineInvoices([invoice]);
        store.MarkOfflineInvoicesSent([(store.ListOfflineInvoices().Single().Id, "5265877635-20261203-0100001A2B3C-4D")]);

        Assert.Equal(0, store.AddOfflineInvoices([invoice with { Path = "/faktury/kopia.xml" }]));

        Assert.Empty(store.ListOfflineInvoices());
    }

    [Fact]
    public void A_version_11_store_migrates_keeping_its_queue_and_still_queues_each_invoice_once()
    {
        var path = _dir.File("store.db");
        var (sent, open) = (Invoice("/faktury/FV-1.xml", "FV/1"), Invoice("/faktury/FV-2.xml", "FV/2"));
        using (var store = KsefStore.Open(path))
        {
            store.AddOfflineInvoices([sent, open]);
            store.MarkOfflineInvoicesSent([(store.ListOfflineInvoices().Single(q => q.Path == sent.Path).Id, "5265877635-20261203-0100001A2B3C-4D")]);
        }
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = """
                DROP INDEX offline_invoices_dedupe;
                CREATE INDEX offline_invoices_hash ON offline_invoices(hash, environment);
                PRAGMA user_version = 11;
                """;
            command.ExecuteNonQuery();
        }

        using var migrated = KsefStore.Open(path);

        Assert.Equal(StoreSchema.CurrentVersion, migrated.GetInfo().SchemaVersion);
        Assert.Equal(open.Path, Assert.Single(migrated.ListOfflineInvoices()).Path);
        Assert.Equal(0, migrated.AddOfflineInvoices([sent, open]));
        Assert.Equal(1, migrated.AddOfflineInvoices([Invoice("/faktury/FV-3.xml", "FV/3")]));
    }

    [Fact]
    public void The_same_invoice_twice_in_one_batch_is_queued_once_and_the_rest_of_the_batch_goes_in()
    {
        var first = Invoice("/faktury/FV-1.xml", "FV/1");
        var second = Invoice("/faktury/FV-2.xml", "FV/2");
        using var store = KsefStore.Open(_dir.File("store.db"));

        Assert.Equal(2, store.AddOfflineInvoices([first, first with { Path = "/faktury/kopia.xml" }, second]));

        Assert.Equal(["/faktury/FV-1.xml", "/faktury/FV-2.xml"], store.ListOfflineInvoices().Select(q => q.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_queued_invoice_is_found_by_its_id_to_move_its_deadline_and_to_mark_it_sent()
    {
        using var store = KsefStore.Open(_dir.File("store.db"));
        store.AddOfflineInvoices([Invoice("/faktury/FV-1.xml", "FV/1"), Invoice("/faktury/FV-2.xml", "FV/2")]);
        var (first, second) = (store.ListOfflineInvoices()[0], store.ListOfflineInvoices()[1]);

        store.MoveOfflineDeadlines([(first.Id, new DateOnly(2027, 1, 9), "announced")]);
        store.MarkOfflineInvoicesSent([(second.Id, "5265877635-20261203-0100001A2B3C-4D")]);

        var open = Assert.Single(store.ListOfflineInvoices());
        Assert.Equal((first.Id, new DateOnly(2027, 1, 9), "announced"), (open.Id, open.Deadline, open.DeadlineReason));
        Assert.Equal("5265877635-20261203-0100001A2B3C-4D", store.ListOfflineInvoices(includeSent: true).Single(q => q.Id == second.Id).KsefNumber);
    }

    [Fact]
    public void The_queue_is_read_as_it_is_enumerated_while_another_connection_takes_entries_out()
    {
        var path = _dir.File("store.db");
        using var store = KsefStore.Open(path);
        store.AddOfflineInvoices([.. Enumerable.Range(1, 3).Select(i => Invoice($"/faktury/FV-{i}.xml", $"FV/{i}"))]);

        var read = new List<string>();
        foreach (var invoice in store.ReadOfflineInvoices())
        {
            if (read.Count == 0)
            {
                using var other = KsefStore.Open(path);
                Assert.All(other.RemoveOfflineInvoices([.. other.ListOfflineInvoices().Select(q => q.Id)], evenIfNotSent: true),
                    outcome => Assert.Equal(OfflineRemoval.Removed, outcome));
            }
            read.Add(invoice.Path);
        }

        Assert.Equal(3, read.Count); // what the reading began with
        Assert.Empty(store.ReadOfflineInvoices());
    }

    [Fact]
    public void Deadlines_move_together_each_with_its_reason_and_a_sent_entry_keeps_its_own()
    {
        using var store = KsefStore.Open(_dir.File("store.db"));
        store.AddOfflineInvoices([.. Enumerable.Range(1, 3).Select(i => Invoice($"/faktury/FV-{i}.xml", $"FV/{i}"))]);
        var queued = store.ListOfflineInvoices();
        store.MarkOfflineInvoicesSent([(queued[2].Id, "5265877635-20261203-0100001A2B3C-4D")]);

        store.MoveOfflineDeadlines([.. queued.Select((q, i) => (q.Id, new DateOnly(2027, 1, 10 + i), $"announced {i}"))]);
        store.MoveOfflineDeadlines([]);

        var after = store.ListOfflineInvoices(includeSent: true).ToDictionary(q => q.Id);
        Assert.Equal((new DateOnly(2027, 1, 10), "announced 0"), (after[queued[0].Id].Deadline, after[queued[0].Id].DeadlineReason));
        Assert.Equal((new DateOnly(2027, 1, 11), "announced 1"), (after[queued[1].Id].Deadline, after[queued[1].Id].DeadlineReason));
        Assert.Equal((queued[2].Deadline, (string?)null), (after[queued[2].Id].Deadline, after[queued[2].Id].DeadlineReason));
    }

    [Fact]
    public void Entries_are_marked_sent_together_each_with_its_own_KSeF_number()
    {
        using var store = KsefStore.Open(_dir.File("store.db"));
        store.AddOfflineInvoices([.. Enumerable.Range(1, 3).Select(i => Invoice($"/faktury/FV-{i}.xml", $"FV/{i}"))]);
        var queued = store.ListOfflineInvoices();

        store.MarkOfflineInvoicesSent([.. queued.Take(2).Select(q => (q.Id, $"5265877635-20261203-0100001A2B3C-{q.InvoiceNumber![3]}0"))]);
        store.MarkOfflineInvoicesSent([]);

        Assert.Equal(queued[2].Id, Assert.Single(store.ListOfflineInvoices()).Id);
        Assert.All(store.ListOfflineInvoices(includeSent: true).Where(q => q.KsefNumber is not null),
            q => Assert.Equal($"5265877635-20261203-0100001A2B3C-{q.InvoiceNumber![3]}0", q.KsefNumber));
        Assert.Equal(2, store.ListOfflineInvoices(includeSent: true).Count(q => q.Sent is not null));
    }

    [Fact]
    public void A_sent_entry_leaves_the_queue_and_one_KSeF_has_not_received_only_when_forced()
    {
        using var store = KsefStore.Open(_dir.File("store.db"));
        store.AddOfflineInvoices([Invoice("/faktury/FV-1.xml", "FV/1"), Invoice("/faktury/FV-2.xml", "FV/2")]);
        var sent = store.ListOfflineInvoices().Single(q => q.Path == "/faktury/FV-1.xml");
        var open = store.ListOfflineInvoices().Single(q => q.Path == "/faktury/FV-2.xml");
        store.MarkOfflineInvoicesSent([(sent.Id, "5265877635-20261203-0100001A2B3C-4D")]);

        Assert.Equal([OfflineRemoval.NotSent, OfflineRemoval.Removed, OfflineRemoval.NotFound],
            store.RemoveOfflineInvoices([open.Id, sent.Id, Guid.NewGuid()], evenIfNotSent: false));
        Assert.Equal(open.Id, Assert.Single(store.ListOfflineInvoices(includeSent: true)).Id);

        Assert.Equal([OfflineRemoval.Removed, OfflineRemoval.NotFound], store.RemoveOfflineInvoices([open.Id, sent.Id], evenIfNotSent: true));
        Assert.Empty(store.ListOfflineInvoices(includeSent: true));
        Assert.Equal(1, store.AddOfflineInvoices([Invoice("/faktury/FV-1.xml", "FV/1")])); // taken out, so queued anew
    }

    [Fact]
    public void Entries_sent_before_a_time_leave_the_queue_and_the_rest_stay()
    {
        using var store = KsefStore.Open(_dir.File("store.db"));
        store.AddOfflineInvoices([Invoice("/faktury/FV-1.xml", "FV/1"), Invoice("/faktury/FV-2.xml", "FV/2")]);
        var sent = store.ListOfflineInvoices().Single(q => q.Path == "/faktury/FV-1.xml");
        store.MarkOfflineInvoicesSent([(sent.Id, "5265877635-20261203-0100001A2B3C-4D")]);
        var markedAt = store.ListOfflineInvoices(includeSent: true).Single(q => q.Id == sent.Id).Sent!.Value;

        Assert.Equal(0, store.CountSentOfflineInvoices(markedAt));
        Assert.Equal(0, store.RemoveSentOfflineInvoices(markedAt));
        Assert.Equal(1, store.CountSentOfflineInvoices(markedAt.AddMilliseconds(1)));
        Assert.Equal(1, store.RemoveSentOfflineInvoices(markedAt.AddMilliseconds(1)));

        Assert.Equal("/faktury/FV-2.xml", Assert.Single(store.ListOfflineInvoices(includeSent: true)).Path);
        Assert.Equal(0, store.RemoveSentOfflineInvoices(DateTimeOffset.UtcNow.AddDays(1)));
    }

    [Fact]
    public void A_writer_s_invoices_are_in_the_queue_once_committed_and_not_before()
    {
        var path = _dir.File("store.db");
        using var store = KsefStore.Open(path);
        using var writer = store.OpenOfflineQueueWriter();

        writer.Add([Invoice("/faktury/FV-1.xml", "FV/1")]);
        writer.Add([Invoice("/faktury/FV-2.xml", "FV/2"), Invoice("/faktury/FV-1.xml", "FV/1")]);
        using (var reader = KsefStore.Open(path))
        {
            Assert.Empty(reader.ListOfflineInvoices());
        }
        Assert.Equal(2, writer.Commit());
        writer.Add([Invoice("/faktury/FV-2.xml", "FV/2"), Invoice("/faktury/FV-3.xml", "FV/3")]);
        Assert.Equal(1, writer.Commit());
        Assert.Equal(0, writer.Commit());

        using var other = KsefStore.Open(path);
        Assert.Equal(["/faktury/FV-1.xml", "/faktury/FV-2.xml", "/faktury/FV-3.xml"],
            other.ListOfflineInvoices().Select(q => q.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void What_a_writer_added_and_did_not_commit_is_gone_when_it_is_disposed()
    {
        using var store = KsefStore.Open(_dir.File("store.db"));
        using (var writer = store.OpenOfflineQueueWriter())
        {
            writer.Add([Invoice("/faktury/FV-1.xml", "FV/1")]);
            writer.Commit();
            writer.Add([Invoice("/faktury/FV-2.xml", "FV/2")]);
        }

        Assert.Equal("/faktury/FV-1.xml", Assert.Single(store.ListOfflineInvoices()).Path);
        Assert.Equal(1, store.AddOfflineInvoices([Invoice("/faktury/FV-2.xml", "FV/2")]));
    }

    private static ProtectedInvoice Invoice(string path, string? number)
    {
        var hash = Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(path)));
        return new ProtectedInvoice(path, number, "5265877635", new DateOnly(2026, 12, 3), hash,
            $"https://qr-test.ksef.mf.gov.pl/invoice/5265877635/03-12-2026/{hash}", $"https://qr-test.ksef.mf.gov.pl/certificate/Nip/5265877635/{hash}",
            null, null, OfflineMode.Offline24, new DateOnly(2026, 12, 4), KsefEnvironment.Test, "01F2A3");
    }
}
