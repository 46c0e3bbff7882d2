using KsefPS.Core.Invoices;
using KsefPS.Core.Invoices.Sending;
using KsefPS.Core.Store;
using KsefPS.Core.Tests.Support;

namespace KsefPS.Core.Tests.Invoices;

public sealed class JournalledFilesTests : IDisposable
{
    private const string Reference = "20261206-SB-0000000001-0000000000-00";
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static InvoiceStatus Status(string reference, string hash, string? fileName = null) =>
        new(reference, hash, 200, "Sukces", [], "KSEF", null, "Online", null) { FileName = fileName };

    [Fact]
    public void A_status_gets_its_file_by_invoice_reference_then_package_entry_then_hash_and_none_from_another_store()
    {
        using var store = KsefStore.Open(_dir.File("store.db"));
        store.JournalSession(new JournalSession(Reference, JournalSession.Batch, "Test", "http://127.0.0.1:5080/", "Nip:5265877635", "FA (3)|1-0E|FA", false,
            null, null, JournalSession.Opened, DateTimeOffset.UtcNow), "{}"u8.ToArray(),
        [
            new JournalItem(1, "/in/a.xml", "a.xml", "hash-a", "FV/1", "5265877635", null, null),
            new JournalItem(2, "/in/b.xml", "b.xml", "hash-b", "FV/2", "5265877635", null, null),
            new JournalItem(3, "/in/c.xml", null, "hash-c", "FV/3", "5265877635", null, null),
        ]);
        store.JournalResults(Reference, [new JournalVerdict(3, "20261206-EE-0000000003-0000000000-00")]);
        var files = JournalledFiles.Of(store, Reference);

        Assert.Equal("/in/c.xml", files.Attach(Status("20261206-EE-0000000003-0000000000-00", "hash-x")).Path); // the reference decides
        Assert.Equal("/in/b.xml", files.Attach(Status("20261206-EE-0000000009-0000000000-00", "hash-a", "b.xml")).Path); // then the entry
        Assert.Equal("/in/a.xml", files.Attach(Status("20261206-EE-0000000009-0000000000-00", "hash-a")).Path); // then the hash
        Assert.Null(files.Attach(Status("20261206-EE-0000000009-0000000000-00", "hash-z")).Path);
        Assert.Null(JournalledFiles.Of(store, "20261206-SO-0000000002-0000000000-00").Attach(Status("20261206-EE-0000000003-0000000000-00", "hash-c")).Path);
        Assert.Equal("/in/c.xml", JournalledFiles.Read(store.Path, Reference).Attach(Status("20261206-EE-0000000003-0000000000-00", "hash-c")).Path);
        Assert.Null(JournalledFiles.Read(_dir.File("elsewhere.db"), Reference).Attach(Status("20261206-EE-0000000003-0000000000-00", "hash-c")).Path);
        Assert.False(File.Exists(_dir.File("elsewhere.db"))); // no store is made where there is none
    }

    [Fact]
    public void A_store_that_cannot_be_opened_names_no_files_and_says_why()
    {
        var path = _dir.File("store.db");
        KsefStore.Open(path).Dispose();
        File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.OtherWrite); // a store others may write is refused (StoreInsecure)
        var said = new List<string>();

        var files = JournalledFiles.Read(path, Reference, said.Add);

        Assert.Null(files.Attach(Status("20261206-EE-0000000003-0000000000-00", "hash-c")).Path);
        Assert.Contains("not named", Assert.Single(said), StringComparison.Ordinal);
    }
}
