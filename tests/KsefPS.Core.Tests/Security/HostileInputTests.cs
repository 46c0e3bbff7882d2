using System.Diagnostics;
using KsefPS.Core.Certificates;
using KsefPS.Core.Environments;
using KsefPS.Core.Errors;
using KsefPS.Core.Identifiers;
using KsefPS.Core.Invoices;
using KsefPS.Core.Security;
using KsefPS.Core.Store;
using KsefPS.Core.Tests.Sessions;
using KsefPS.Core.Tests.Support;
using KsefPS.Testing;
using Microsoft.Data.Sqlite;

namespace KsefPS.Core.Tests.Security;

/// <summary>
/// Values from KSeF and from the disk are untrusted. Each hole found by probing the module as an attacker or a careless
/// user would is one row here: the answer or the tampering that reproduced it, and what KsefPS must do instead.
/// </summary>
public sealed class HostileInputTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string StorePath => _dir.File(Path.Combine("store", "store.db"));

    private string KeyFile => Path.ChangeExtension(StorePath, ".key");

    private static KeyedCertificate NewCertificate() =>
        TestCertificateFactory.Create(new TestCertificateRequest { GivenName = "A", Surname = "R", Nip = Nip.NewRandom() });

    // ---- values from KSeF that become file names or addresses ----

    [Theory]
    [InlineData("../../x")]
    [InlineData("/tmp/ksefps-escaped")]
    [InlineData("5265877635-20250901-0123456789AB-00")] // the right shape, a wrong check sum
    public async Task A_KSeF_number_in_an_answer_never_leaves_the_output_folder(string hostile)
    {
        using var emulator = EmulatorProcess.Start("--Emulator:AuthProcessingDelay=00:00:00", "--Emulator:RateLimits=false");
        var buyer = Nip.NewRandom();
        emulator.SeedInvoices(Sample(buyer, "Q1"), 1);
        using var signer = EngineEmulatorFixture.Personal(buyer);
        var session = await EngineEmulatorFixture.ConnectAsync(emulator, signer, EngineEmulatorFixture.Nip(buyer));
        var filter = new InvoiceFilter(SubjectType.Buyer, InvoiceDateType.PermanentStorage, DateTimeOffset.UtcNow.AddHours(-1));
        var genuine = await InvoiceQuery.RunAsync(session, filter, null, CancellationToken.None).FirstAsync();
        emulator.AddFault(new { pathPrefix = "/v2/invoices/query/metadata", kind = "Rewrite", find = genuine.KsefNumber, replaceWith = hostile, times = 1 });

        var listed = await InvoiceQuery.RunAsync(session, filter, null, CancellationToken.None).FirstAsync();
        Assert.Equal(hostile, listed.KsefNumber); // the proxy really rewrote it
        var outbox = _dir.File("out");
        var before = emulator.ReceivedStartingWith("GET /v2/invoices/ksef/");
        var error = await Assert.ThrowsAsync<KsefException>(() => InvoiceDownloader.SaveAsync(session, listed.KsefNumber, listed.Hash, outbox, CancellationToken.None));

        Assert.Equal(ErrorIds.KsefNumberInvalid, error.ErrorId);
        Assert.Equal(before, emulator.ReceivedStartingWith("GET /v2/invoices/ksef/")); // nor put into a URL
        Assert.False(File.Exists(_dir.File("x.xml")) || File.Exists(Path.Combine(_dir.Path, "..", "x.xml")) || File.Exists("/tmp/ksefps-escaped.xml"));
    }

    [Theory]
    [InlineData("\"referenceNumber\":\"", "\"referenceNumber\":\"../../")]
    [InlineData("\"url\":\"http", "\"url\":\"file:///etc/passwd#http")]
    public async Task An_export_answer_with_a_hostile_reference_or_link_is_refused_before_use(string find, string replaceWith)
    {
        using var emulator = EmulatorProcess.Start("--Emulator:AuthProcessingDelay=00:00:00", "--Emulator:RateLimits=false",
            "--Emulator:ExportProcessingDelay=00:00:00");
        var buyer = Nip.NewRandom();
        emulator.SeedInvoices(Sample(buyer, "E{n}"), 3);
        using var signer = EngineEmulatorFixture.Personal(buyer);
        var session = await EngineEmulatorFixture.ConnectAsync(emulator, signer, EngineEmulatorFixture.Nip(buyer));
        // The reference comes in the answer to the POST; the part links in the export's status.
        emulator.AddFault(new { pathPrefix = "/v2/invoices/exports", kind = "Rewrite", find, replaceWith, times = 5 });
        using var store = KsefStore.Open(StorePath);
        var inbox = _dir.File("inbox");

        var error = await Assert.ThrowsAsync<KsefException>(() =>
            InvoiceSync.RunAsync(session, store, inbox, SubjectType.Buyer, DateTimeOffset.UtcNow.AddHours(-1), TimeSpan.Zero, null, CancellationToken.None));

        Assert.Equal(find.Contains("url") ? ErrorIds.KsefAnswerInvalid : ErrorIds.ReferenceNumberInvalid, error.ErrorId);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_dir.Path, "*.xml", SearchOption.AllDirectories));
        Assert.Empty(Directory.Exists(inbox) ? Directory.EnumerateFileSystemEntries(inbox) : []);
    }

    [Theory]
    [InlineData("../x.xml")]
    [InlineData("/etc/passwd")]
    [InlineData("a/b.xml")]
    [InlineData("..")]
    [InlineData("")]
    [InlineData("a\u0000b")]
    [InlineData("a\nb.xml")]
    public void A_file_name_from_outside_must_be_a_plain_name_inside_the_folder(string name) =>
        KsefAssert.Fails(ErrorIds.FileNameUnsafe, () => ContainedPath.Join(_dir.Path, name));

    [Fact]
    public void A_plain_file_name_stays_in_its_folder() =>
        Assert.Equal(Path.Combine(_dir.Path, "UPO-x.xml"), ContainedPath.Join(_dir.Path, "UPO-x.xml"));

    [Theory]
    [InlineData("../20250625-SO-2C3E6C8000-B675CF5D68-07")]
    [InlineData("20250625-SO-2C3E6C8000-B675CF5D68-07/../../x")]
    [InlineData("20250625-so-2c3e6c8000-b675cf5d68-07")]
    [InlineData("")]
    public void Reference_numbers_of_any_other_shape_never_become_a_URL_segment(string reference) =>
        KsefAssert.Fails(ErrorIds.ReferenceNumberInvalid, () => ReferenceNumber.Require(reference));

    [Fact]
    public void KSeF_s_own_reference_numbers_pass() =>
        Assert.All(new[] { "20250514-CR-226FB7B000-3ACF9BE4C0-10", "20250626-SB-213D593000-4DE10D80A5-E9", "20251010-EC-1DCE3E3000-12ECB5B36E-45" },
            r => Assert.Equal(r, ReferenceNumber.Require(r)));

    // ---- a store that never downgrades itself ----

    [Theory]
    [InlineData("DELETE FROM meta WHERE key = 'protection'")]
    [InlineData("UPDATE meta SET value = 1 WHERE key = 'protection'")]
    [InlineData("UPDATE meta SET value = 'User' WHERE key = 'protection'")] // text, not the blob KsefPS writes
    [InlineData("UPDATE meta SET value = CAST('Tpm' AS BLOB) WHERE key = 'protection'")]
    public void A_tampered_protection_setting_is_StoreCorrupt_and_nothing_is_rewritten(string tamper)
    {
        var (keyCheck, keyBytes) = StoreWithOneCertificate();
        Tamper(tamper);

        KsefAssert.Fails(ErrorIds.StoreCorrupt, () => KsefStore.Open(StorePath).Dispose());

        Assert.Equal(keyBytes, File.ReadAllBytes(KeyFile));
        Assert.Equal(keyCheck, Meta("key_check"));
    }

    [Fact]
    public void Protection_and_key_file_both_gone_is_StoreCorrupt_not_a_new_key()
    {
        var (keyCheck, _) = StoreWithOneCertificate();
        Tamper("DELETE FROM meta WHERE key = 'protection'");
        File.Delete(KeyFile);

        KsefAssert.Fails(ErrorIds.StoreCorrupt, () => KsefStore.Open(StorePath).Dispose());

        Assert.False(File.Exists(KeyFile));
        Assert.Equal(keyCheck, Meta("key_check"));
    }

    [Fact]
    public void A_passphrase_store_whose_protection_row_is_deleted_does_not_become_a_user_store()
    {
        using (var store = KsefStore.Open(StorePath))
        {
            using var keyed = NewCertificate();
            store.AddCertificate(keyed, "one", CertificateUsage.Authentication, KsefEnvironment.Test);
            store.SetProtection(StoreProtection.Passphrase, Secure("correct horse"));
        }
        Assert.False(File.Exists(KeyFile));
        Tamper("DELETE FROM meta WHERE key = 'protection'");

        KsefAssert.Fails(ErrorIds.StoreCorrupt, () => KsefStore.Open(StorePath).Dispose());

        Assert.False(File.Exists(KeyFile));
    }

    [Fact]
    public void A_planted_key_file_others_can_read_is_refused_with_its_mode()
    {
        StoreWithOneCertificate();
        File.SetUnixFileMode(KeyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        using var store = KsefStore.Open(StorePath);
        var entry = store.ListCertificates().Single();
        var error = KsefAssert.Fails(ErrorIds.StoreInsecure, () => store.OpenCertificate(entry).Dispose());

        Assert.Contains("0644", error.Message);
        Assert.Contains(KeyFile, error.Message);
    }

    [Fact]
    public void A_key_file_that_belongs_to_another_user_is_refused()
    {
        StoreWithOneCertificate();
        // As root (CI), the key file is given to nobody; as anyone else, "/" is a path root owns and others cannot write.
        var foreign = KeyFile;
        if (Environment.IsPrivilegedProcess)
        {
            Assert.Equal(0, ExternalTool.Run("chown", _dir.Path, "65534", KeyFile).ExitCode);
        }
        else
        {
            foreign = "/";
        }

        var error = KsefAssert.Fails(ErrorIds.StoreInsecure, () => SecureFiles.RequireOwnerOnly(foreign, SecureFiles.Exposure.Write));

        Assert.Contains("belongs to another user", error.Message);
        if (Environment.IsPrivilegedProcess)
        {
            using var store = KsefStore.Open(StorePath);
            KsefAssert.Fails(ErrorIds.StoreInsecure, () => store.OpenCertificate(store.ListCertificates().Single()).Dispose());
        }
    }

    [Fact]
    public void A_store_folder_others_can_write_into_is_refused()
    {
        StoreWithOneCertificate();
        File.SetUnixFileMode(Path.GetDirectoryName(StorePath)!, (UnixFileMode)0x1FF);

        var error = KsefAssert.Fails(ErrorIds.StoreInsecure, () => KsefStore.Open(StorePath).Dispose());

        Assert.Contains("0777", error.Message);
    }

    [Fact]
    public void Get_KsefStore_shows_the_mode_the_key_file_has()
    {
        StoreWithOneCertificate();
        File.SetUnixFileMode(KeyFile, UnixFileMode.UserRead);
        using var store = KsefStore.Open(StorePath);
        Assert.Contains("(0400)", store.GetInfo().KeyProtection);
    }

    [Fact]
    public void Folders_created_above_the_store_are_0700_whatever_the_umask_lets_through()
    {
        var deep = _dir.File(Path.Combine("a", "b", "c", "store.db"));
        KsefStore.Open(deep).Dispose();
        foreach (var level in new[] { "a", "a/b", "a/b/c" })
        {
            Assert.Equal(SecureFiles.DirectoryMode, File.GetUnixFileMode(_dir.File(level)));
        }
    }

    [Fact]
    public void A_certificate_swapped_between_two_entries_is_SealedSecretInvalid()
    {
        using var store = KsefStore.Open(StorePath);
        using var first = NewCertificate();
        using var second = NewCertificate();
        var a = store.AddCertificate(first, "a", CertificateUsage.Authentication, KsefEnvironment.Test);
        var b = store.AddCertificate(second, "b", CertificateUsage.Offline, KsefEnvironment.Test);
        Tamper($"UPDATE certificates SET der = (SELECT der FROM certificates WHERE id = '{b.Id}') WHERE id = '{a.Id}'", store.Connection);

        var swapped = store.ListCertificates().Single(c => c.Id == a.Id);
        KsefAssert.Fails(ErrorIds.SealedSecretInvalid, () => store.OpenCertificate(swapped).Dispose());
    }

    [Fact]
    public void A_key_source_or_reference_edited_in_the_database_is_refused_before_anything_signs()
    {
        using var store = KsefStore.Open(StorePath);
        using var keyed = NewCertificate();
        var entry = store.AddCertificate(keyed, "a", CertificateUsage.Authentication, KsefEnvironment.Test);
        var elsewhere = OsCertificateStore.Reference(System.Security.Cryptography.X509Certificates.StoreLocation.CurrentUser, new string('A', 40));

        Tamper($"UPDATE certificates SET key_source = 'CertificateStore', key_reference = '{elsewhere}' WHERE id = '{entry.Id}'", store.Connection);
        KsefAssert.Fails(ErrorIds.KeyUnreachable, () => store.OpenCertificate(store.FindCertificate(entry.Id)!).Dispose());

        Tamper($"UPDATE certificates SET key_reference = '../../etc/passwd' WHERE id = '{entry.Id}'", store.Connection);
        KsefAssert.Fails(ErrorIds.StoreCorrupt, () => store.OpenCertificate(store.FindCertificate(entry.Id)!).Dispose());

        Tamper($"UPDATE certificates SET key_source = 'Vault' WHERE id = '{entry.Id}'", store.Connection);
        KsefAssert.Fails(ErrorIds.StoreCorrupt, () => store.ListCertificates());

        Tamper($"UPDATE certificates SET key_source = 'Store', key_reference = NULL, sealed_key = x'' WHERE id = '{entry.Id}'", store.Connection);
        KsefAssert.Fails(ErrorIds.SealedSecretInvalid, () => store.OpenCertificate(store.FindCertificate(entry.Id)!).Dispose());
    }

    [Fact]
    public void A_sealed_key_of_the_wrong_type_is_SealedSecretInvalid_not_CertificateNotFound()
    {
        using var store = KsefStore.Open(StorePath);
        using var keyed = NewCertificate();
        var entry = store.AddCertificate(keyed, "a", CertificateUsage.Authentication, KsefEnvironment.Test);
        Tamper($"UPDATE certificates SET sealed_key = 'not a blob' WHERE id = '{entry.Id}'", store.Connection);

        KsefAssert.Fails(ErrorIds.SealedSecretInvalid, () => store.OpenCertificate(entry).Dispose());
    }

    [Fact]
    public void Removal_while_another_process_reads_is_prompt_and_the_wipe_finishes_at_the_next_open()
    {
        byte[] probe;
        Guid id;
        using (var store = KsefStore.Open(StorePath))
        {
            using var keep = NewCertificate();
            using var gone = NewCertificate();
            store.AddCertificate(keep, "keep", CertificateUsage.Authentication, KsefEnvironment.Test);
            id = store.AddCertificate(gone, "gone", CertificateUsage.Authentication, KsefEnvironment.Test).Id;
            probe = SealedKeyOf(store.Connection, id)[29..]; // the ciphertext, past version, nonce and tag
        }
        using (var reader = new SqliteConnection($"Data Source={StorePath};Pooling=false"))
        {
            reader.Open();
            using var snapshot = reader.BeginTransaction(deferred: true);
            using (var read = reader.CreateCommand())
            {
                read.Transaction = snapshot;
                read.CommandText = "SELECT count(*) FROM certificates";
                Assert.Equal(2L, read.ExecuteScalar());
            }
            var watch = Stopwatch.StartNew();
            using (var store = KsefStore.Open(StorePath))
            {
                Assert.True(store.RemoveCertificate(id));
                Assert.True(store.WipePending);
            }
            // Each entry used to wait out the 30 s busy timeout; the wipe now gives a reader 2 s.
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(15), $"removal took {watch.Elapsed.TotalSeconds:N1} s");
            Assert.NotNull(WipeMarkOrNull());
        }
        KsefStore.Open(StorePath).Dispose(); // the reader has gone: this open finishes the wipe

        Assert.Null(WipeMarkOrNull());
        Assert.False(KsefAssert.Contains(KsefAssert.ReadStoreFiles(StorePath), probe));
    }

    // ---- input that is bounded and typed ----

    // A blocking open would wait for a writer that never comes; the time limit only turns that into a failure.
    [Theory]
    [InlineData("fifo")]
    [InlineData("/dev/zero")]
    [InlineData("link to a fifo")]
    [InlineData("link to /dev/zero")]
    [InlineData("empty")]
    [InlineData("2 MB")]
    public async Task A_certificate_file_that_cannot_be_one_is_refused_at_once(string kind)
    {
        var path = PreparedFile(kind);
        var error = await Task.Run(() => Record.Exception(() => CertificateFileReader.ReadFile(path))).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(ErrorIds.CertificateFormatUnknown, Assert.IsType<KsefException>(error).ErrorId);
    }

    [Theory]
    [InlineData("fifo")]
    [InlineData("/dev/zero")]
    [InlineData("link to a fifo")]
    [InlineData("link to /dev/zero")]
    [InlineData("empty")]
    public async Task An_invoice_file_that_cannot_be_one_is_unreadable_at_once(string kind)
    {
        var path = PreparedFile(kind);
        var error = await Task.Run(() => Record.Exception(() => InvoiceFile.Read(path))).WaitAsync(TimeSpan.FromSeconds(30));
        var refused = Assert.IsType<KsefException>(error);
        Assert.Equal(ErrorIds.InvoiceUnreadable, refused.ErrorId);
        Assert.Contains("not a regular file", refused.Message);
    }

    [Fact]
    public void An_invoice_over_3_MB_is_refused_before_it_is_read() =>
        KsefAssert.Fails(ErrorIds.InvoiceInvalid, () => InvoiceFile.Read(PreparedFile("4 MB")));

    [Fact]
    public void An_Ed25519_PFX_with_the_right_password_is_an_unsupported_key_not_a_wrong_password()
    {
        OpenSsl.Run(_dir.Path, "genpkey", "-algorithm", "ed25519", "-out", "ed.key");
        OpenSsl.Run(_dir.Path, "req", "-new", "-x509", "-key", "ed.key", "-subj", "/CN=ed", "-days", "10", "-out", "ed.crt");
        OpenSsl.Run(_dir.Path, "pkcs12", "-export", "-inkey", "ed.key", "-in", "ed.crt", "-out", "ed.pfx", "-passout", "pass:right");

        KsefAssert.Fails(ErrorIds.CertificateKeyUnsupported, () => CertificateFileReader.Read(_dir.File("ed.pfx"), Secure("right"), null, null).Dispose());
        KsefAssert.Fails(ErrorIds.CertificatePasswordInvalid, () => CertificateFileReader.Read(_dir.File("ed.pfx"), Secure("wrong"), null, null).Dispose());
    }

    // ---- helpers ----

    private static string Sample(string buyer, string number) =>
        File.ReadAllText(Repository.Spec("samples", "invoice-template-fa-3.xml"))
            .Replace("#nip#", "5265877635").Replace("<NIP>1111111111</NIP>", $"<NIP>{buyer}</NIP>").Replace("#invoice_number#", number);

    private (byte[] KeyCheck, byte[] KeyBytes) StoreWithOneCertificate()
    {
        using (var store = KsefStore.Open(StorePath))
        {
            using var keyed = NewCertificate();
            store.AddCertificate(keyed, "one", CertificateUsage.Authentication, KsefEnvironment.Test);
        }
        return (Meta("key_check")!, File.ReadAllBytes(KeyFile));
    }

    private void Tamper(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={StorePath};Pooling=false");
        connection.Open();
        Tamper(sql, connection);
    }

    private static void Tamper(string sql, SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        Assert.Equal(1, command.ExecuteNonQuery());
    }

    private byte[]? Meta(string key)
    {
        using var connection = new SqliteConnection($"Data Source={StorePath};Pooling=false;Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT value FROM meta WHERE key = $key";
        command.Parameters.AddWithValue("$key", key);
        return command.ExecuteScalar() as byte[];
    }

    private object? WipeMarkOrNull()
    {
        using var connection = new SqliteConnection($"Data Source={StorePath};Pooling=false;Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT value FROM meta WHERE key = 'wipe_pending'";
        return command.ExecuteScalar();
    }

    private static byte[] SealedKeyOf(SqliteConnection connection, Guid id)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT sealed_key FROM certificates WHERE id = $id";
        command.Parameters.AddWithValue("$id", id.ToString());
        return (byte[])command.ExecuteScalar()!;
    }

    private string PreparedFile(string kind)
    {
        switch (kind)
        {
            case "fifo":
                var fifo = _dir.File("pipe");
                ExternalTool.Run("mkfifo", _dir.Path, fifo);
                Assert.True(File.Exists(fifo));
                return fifo;
            case "/dev/zero":
                return "/dev/zero";
            case "link to a fifo" or "link to /dev/zero":
                var link = _dir.File("link");
                File.CreateSymbolicLink(link, PreparedFile(kind == "link to a fifo" ? "fifo" : "/dev/zero"));
                return link;
            case "empty":
                File.WriteAllBytes(_dir.File("empty"), []);
                return _dir.File("empty");
            default:
                var size = int.Parse(kind.Split(' ')[0]) * 1_000_000;
                File.WriteAllBytes(_dir.File("large"), new byte[size]);
                return _dir.File("large");
        }
    }

    private static System.Security.SecureString Secure(string text)
    {
        var secure = new System.Security.SecureString();
        foreach (var c in text)
        {
            secure.AppendChar(c);
        }
        return secure;
    }
}
