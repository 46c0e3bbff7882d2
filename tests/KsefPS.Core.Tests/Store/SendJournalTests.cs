using KsefPS.Core.Errors;
using KsefPS.Core.Store;
using KsefPS.Core.Tests.Support;
using Microsoft.Data.Sqlite;

namespace KsefPS.Core.Tests.Store;

public sealed class SendJournalTests : IDisposable
{
    private const string Api = "http://127.0.0.1:5080/";
    private const string Context = "Nip:5265877635";
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static JournalSession Session(string reference, string state = JournalSession.Opened) =>
        new(reference, JournalSession.Batch, "Test", Api, Context, "FA (3)|1-0E|FA", false, "/tmp/parts", DateTimeOffset.UtcNow.AddMinutes(20), state,
            DateTimeOffset.UtcNow);

    private static JournalItem Item(int ordinal, string hash, DateOnly? issued = null) =>
        new(ordinal, $"/in/fv-{ordinal}.xml", $"fv-{ordinal}.xml", hash, $"FV/{ordinal}", "5265877635", null, null, IssueDate: issued);

    [Fact]
    public void A_journalled_session_and_its_invoices_are_found_again_with_KSeF_s_verdicts()
    {
        using var store = KsefStore.Open(_dir.File("store.db"));
        var secret = "{\"key\":\"secret material\"}"u8.ToArray();
        store.JournalSession(Session("20261203-SB-0000000001-0000000000-00"), secret, [Item(1, "hash-1"), Item(2, "hash-2", new DateOnly(2026, 12, 3))]);
        Assert.Equal("20261203-SB-0000000001-0000000000-00", Assert.Single(store.UnfinishedSendSessions(Api, Context)).Reference);
        Assert.Empty(store.UnfinishedSendSessions(Api, "Nip:1111111111"));
        Assert.Equal(secret, store.OpenJournalSecret("20261203-SB-0000000001-0000000000-00"));

        var acquired = new DateTimeOffset(2026, 12, 3, 10, 15, 30, TimeSpan.Zero);
        store.JournalResults("20261203-SB-0000000001-0000000000-00", [new JournalVerdict(2, "20261203-EE-0000000000-0000000000-00", 200, "KSEF-2", "Online", acquired)]);
        store.JournalState("20261203-SB-0000000001-0000000000-00", JournalSession.Done);
        Assert.Empty(store.UnfinishedSendSessions(Api, Context));
        var (session, item) = Assert.Single(store.FindSent(Api, Context, "hash-2"));
        Assert.Equal(JournalSession.Done, session.State);
        Assert.Equal((200, "KSEF-2", "fv-2.xml", new DateOnly(2026, 12, 3)), (item.StatusCode, item.KsefNumber, item.EntryName, item.IssueDate));
        Assert.Equal(("Online", acquired), (item.InvoicingMode, item.AcquisitionDate));
        var unanswered = Assert.Single(store.FindSent(Api, Context, "hash-1")).Item;
        Assert.Equal((null, null), (unanswered.StatusCode, unanswered.IssueDate)); // an entry journalled without its issue date reads back without one
        Assert.Empty(store.FindSent(Api, "Nip:1111111111", "hash-2"));

        store.ForgetJournalItem("20261203-SB-0000000001-0000000000-00", 1);
        Assert.Empty(store.FindSent(Api, Context, "hash-1"));
    }

    [Fact]
    public void The_sealed_key_of_a_session_does_not_open_under_another_session()
    {
        var path = _dir.File("store.db");
        using var store = KsefStore.Open(path);
        store.JournalSession(Session("20261203-SB-0000000001-0000000000-00"), "{\"key\":\"journal-secret-marker-one\"}"u8.ToArray(), []);
        store.JournalSession(Session("20261203-SB-0000000002-0000000000-00"), "{\"key\":\"two\"}"u8.ToArray(), []);
        using (var connection = new SqliteConnection($"Data Source={path}"))
        {
            connection.Open();
            using var swap = connection.CreateCommand();
            swap.CommandText = """
                UPDATE send_sessions SET sealed_secret = (SELECT sealed_secret FROM send_sessions WHERE reference = '20261203-SB-0000000001-0000000000-00')
                WHERE reference = '20261203-SB-0000000002-0000000000-00'
                """;
            swap.ExecuteNonQuery();
        }
        var e = Assert.Throws<KsefException>(() => store.OpenJournalSecret("20261203-SB-0000000002-0000000000-00"));
        Assert.Equal(ErrorIds.SealedSecretInvalid, e.ErrorId);
        Assert.DoesNotContain("journal-secret-marker", File.ReadAllText(path), StringComparison.Ordinal);
    }

    [Fact]
    public void Finished_sessions_are_pruned_after_their_retention_and_unfinished_ones_never()
    {
        using var store = KsefStore.Open(_dir.File("store.db"));
        store.JournalSession(Session("20261203-SB-0000000001-0000000000-00", JournalSession.Done) with { OpenedAt = DateTimeOffset.UtcNow.AddDays(-40) }, [1], [Item(1, "old")]);
        store.JournalSession(Session("20261203-SB-0000000002-0000000000-00") with { OpenedAt = DateTimeOffset.UtcNow.AddDays(-40) }, [1], [Item(1, "open")]);
        store.JournalSession(Session("20261203-SB-0000000003-0000000000-00", JournalSession.Done), [1], [Item(1, "recent")]);
        store.PruneSendJournal(TimeSpan.FromDays(30));
        Assert.Empty(store.FindSent(Api, Context, "old"));
        Assert.Single(store.FindSent(Api, Context, "open"));
        Assert.Single(store.FindSent(Api, Context, "recent"));
    }
}
