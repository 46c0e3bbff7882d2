using KsefPS.Core.Certificates;
using KsefPS.Core.Environments;
using KsefPS.Core.Errors;
using KsefPS.Core.Store;
using KsefPS.Core.Tests.Support;
using Microsoft.Data.Sqlite;

namespace KsefPS.Core.Tests.Store;

public sealed class StoreBehaviourTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private string StorePath => _dir.File("store.db");

    public void Dispose() => _dir.Dispose();

    private static KeyedCertificate NewCertificate() =>
        TestCertificateFactory.Create(new TestCertificateRequest { OrganizationName = "Org", Nip = KsefPS.Core.Identifiers.Nip.NewRandom() });

    [Fact]
    public void Entries_keep_their_public_data()
    {
        using var store = KsefStore.Open(StorePath);
        using var keyed = NewCertificate();
        var entry = store.AddCertificate(keyed, "Seal", CertificateUsage.Offline, KsefEnvironment.Demo);
        var listed = Assert.Single(store.ListCertificates());
        Assert.Equal(entry.Id, listed.Id);
        Assert.Equal("Seal", listed.Name);
        Assert.Equal(CertificateUsage.Offline, listed.Usage);
        Assert.Equal(KsefEnvironment.Demo, listed.Environment);
        Assert.Equal(keyed.Certificate.Thumbprint, listed.Thumbprint);
        Assert.Equal(SubjectIdentity.Sha256Fingerprint(keyed.Certificate), listed.Fingerprint);
        Assert.Equal(keyed.Certificate.SerialNumber, listed.SerialNumber);
        Assert.Equal("EC-P256", listed.KeyAlgorithm);
        Assert.Equal(CertificateStatus.Valid, listed.Status);
        Assert.True(listed.SelfSigned);
        Assert.Equal(keyed.Certificate.RawData, listed.Certificate.RawData);
        Assert.False(listed.Certificate.HasPrivateKey);
    }

    [Fact]
    public void Same_certificate_once_per_usage_and_names_unique()
    {
        using var store = KsefStore.Open(StorePath);
        using var keyed = NewCertificate();
        store.AddCertificate(keyed, "auth", CertificateUsage.Authentication, KsefEnvironment.Test);
        store.AddCertificate(keyed, "offline", CertificateUsage.Offline, KsefEnvironment.Test);
        KsefAssert.Fails(ErrorIds.CertificateAlreadyStored, () => store.AddCertificate(keyed, "again", CertificateUsage.Offline, KsefEnvironment.Test));
        using var other = NewCertificate();
        KsefAssert.Fails(ErrorIds.CertificateNameTaken, () => store.AddCertificate(other, "AUTH", CertificateUsage.Authentication, KsefEnvironment.Test));
        KsefAssert.Fails(ErrorIds.NameInvalid, () => store.AddCertificate(other, "bad*name", CertificateUsage.Authentication, KsefEnvironment.Test));
        Assert.Equal(2, store.ListCertificates().Count);
    }

    [Fact]
    public void Status_reflects_validity()
    {
        using var store = KsefStore.Open(StorePath);
        using var keyed = TestCertificateFactory.Create(new TestCertificateRequest { GivenName = "A", Surname = "R", Nip = "5265877635", ValidDays = 10 });
        var entry = store.AddCertificate(keyed, null, CertificateUsage.Authentication, KsefEnvironment.Test);
        Assert.StartsWith("Authentication-5265877635-", entry.Name);
        Assert.Equal(CertificateStatus.ExpiringSoon, entry.Status);
        Assert.Equal(CertificateStatus.Expired, entry.StatusAt(entry.NotAfter.AddSeconds(1)));
        Assert.Equal(CertificateStatus.NotYetValid, entry.StatusAt(entry.NotBefore.AddSeconds(-1)));
    }

    [Fact]
    public void A_file_that_is_not_a_store_is_reported_and_left_alone()
    {
        var garbage = System.Security.Cryptography.RandomNumberGenerator.GetBytes(8192);
        File.WriteAllBytes(StorePath, garbage);
        KsefAssert.Fails(ErrorIds.StoreCorrupt, () => KsefStore.Open(StorePath).Dispose());
        Assert.Equal(garbage, File.ReadAllBytes(StorePath));
    }

    [Fact]
    public void A_directory_as_store_path_is_refused() =>
        KsefAssert.Fails(ErrorIds.StoreUnavailable, () => KsefStore.Open(_dir.Path).Dispose());

    [Fact]
    public void A_store_path_that_cannot_be_made_is_StoreUnavailable_and_nothing_is_touched()
    {
        var file = _dir.File("not-a-folder");
        File.WriteAllText(file, "keep me");

        KsefAssert.Fails(ErrorIds.StoreUnavailable, () => KsefStore.Open(Path.Combine(file, "store.db")).Dispose());
        KsefAssert.Fails(ErrorIds.StoreUnavailable, () => KsefStore.Open("/proc/ksefps-no-such-folder/store.db").Dispose());
        Assert.Equal("keep me", File.ReadAllText(file));
    }

    [Fact]
    public void A_newer_schema_is_refused_and_left_alone()
    {
        KsefStore.Open(StorePath).Dispose();
        using (var connection = new SqliteConnection($"Data Source={StorePath};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"PRAGMA user_version = {StoreSchema.CurrentVersion + 1}";
            command.ExecuteNonQuery();
        }
        KsefAssert.Fails(ErrorIds.StoreSchemaTooNew, () => KsefStore.Open(StorePath).Dispose());
        using var check = new SqliteConnection($"Data Source={StorePath};Pooling=False");
        check.Open();
        Assert.Equal(StoreSchema.CurrentVersion + 1, StoreSchema.ReadVersion(check));
    }

    [Fact]
    public void Migration_from_an_empty_database_reaches_the_current_version_once()
    {
        using (var connection = new SqliteConnection($"Data Source={StorePath};Pooling=False"))
        {
            connection.Open();
            Assert.Equal(0, StoreSchema.Migrate(connection, StorePath));
            Assert.Equal(StoreSchema.CurrentVersion, StoreSchema.ReadVersion(connection));
            Assert.Equal(StoreSchema.CurrentVersion, StoreSchema.Migrate(connection, StorePath));
        }
        using var store = KsefStore.Open(StorePath);
        Assert.Equal(StoreSchema.CurrentVersion, store.GetInfo().SchemaVersion);
    }

    [Fact]
    public void A_version_1_store_migrates_to_the_current_schema_keeping_its_entries()
    {
        Guid id;
        using (var store = KsefStore.Open(StorePath))
        {
            using var keyed = NewCertificate();
            id = store.AddCertificate(keyed, "kept", CertificateUsage.Offline, KsefEnvironment.Test).Id;
        }
        using (var connection = new SqliteConnection($"Data Source={StorePath};Pooling=False"))
        {
            connection.Open();
            // Back to what version 1 had: only meta and certificates, without the revocation columns of version 3, the key source of version 8 and the saved PIN of version 9.
            var later = new List<string>();
            using (var list = connection.CreateCommand())
            {
                list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('meta', 'certificates')";
                using var reader = list.ExecuteReader();
                while (reader.Read())
                {
                    later.Add(reader.GetString(0));
                }
            }
            using var command = connection.CreateCommand();
            command.CommandText = string.Concat(later.Select(t => $"DROP TABLE {t};")) + """
                ALTER TABLE certificates DROP COLUMN revoked; ALTER TABLE certificates DROP COLUMN revocation_reason;
                ALTER TABLE certificates DROP COLUMN key_source; ALTER TABLE certificates DROP COLUMN key_reference;
                ALTER TABLE certificates DROP COLUMN sealed_pin;
                PRAGMA user_version = 1;
                """;
            command.ExecuteNonQuery();
        }
        using var migrated = KsefStore.Open(StorePath);
        Assert.Equal(StoreSchema.CurrentVersion, migrated.GetInfo().SchemaVersion);
        var entry = migrated.FindCertificate(id)!;
        Assert.Equal("kept", entry.Name);
        Assert.Null(entry.Revoked);
        Assert.Equal(KeySource.Store, entry.KeySource);
        Assert.Empty(migrated.ListTokens());
        Assert.Empty(migrated.ListPendingEnrollments());
        Assert.Empty(migrated.ListOfflineInvoices(includeSent: true));
        using var opened = migrated.OpenCertificate(entry);
        Assert.True(KeyMaterial.Matches(opened.Certificate, opened.PrivateKey));
    }

    [Fact]
    public void Store_path_comes_from_parameter_then_environment_then_default()
    {
        var previous = Environment.GetEnvironmentVariable(StoreLocation.EnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable(StoreLocation.EnvironmentVariable, _dir.File("env.db"));
            Assert.Equal(_dir.File("explicit.db"), StoreLocation.Resolve(_dir.File("explicit.db")));
            Assert.Equal(_dir.File("env.db"), StoreLocation.Resolve(null));
            Environment.SetEnvironmentVariable(StoreLocation.EnvironmentVariable, null);
            Assert.EndsWith(Path.Combine("ksefps", "store.db"), StoreLocation.Resolve(null));
        }
        finally
        {
            Environment.SetEnvironmentVariable(StoreLocation.EnvironmentVariable, previous);
        }
    }

    [Theory]
    [InlineData("store.db")]
    [InlineData("ksef/store.db")]
    [InlineData("~")]
    [InlineData("~user/store.db")]
    public void A_relative_store_path_in_the_environment_is_refused_not_read_against_the_current_folder(string relative)
    {
        var previous = Environment.GetEnvironmentVariable(StoreLocation.EnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable(StoreLocation.EnvironmentVariable, relative);
            var refused = Assert.Throws<KsefException>(() => StoreLocation.Resolve(null));
            Assert.Equal(ErrorIds.StoreUnavailable, refused.ErrorId);
            Assert.Contains($"'{relative}', a relative path", refused.Message);
            Assert.Throws<KsefException>(() => KsefStore.Open());
            Assert.False(File.Exists(Path.GetFullPath(relative)));
        }
        finally
        {
            Environment.SetEnvironmentVariable(StoreLocation.EnvironmentVariable, previous);
        }
    }

    [Fact]
    public void A_store_path_in_the_environment_may_start_from_the_home_folder()
    {
        var previous = Environment.GetEnvironmentVariable(StoreLocation.EnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable(StoreLocation.EnvironmentVariable, "~/ksef/store.db");
            var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            Assert.Equal(Path.Combine(home, "ksef", "store.db"), StoreLocation.Resolve(null));
        }
        finally
        {
            Environment.SetEnvironmentVariable(StoreLocation.EnvironmentVariable, previous);
        }
    }

    [Fact]
    public void Parallel_writers_in_one_process_all_succeed()
    {
        KsefStore.Open(StorePath).Dispose();
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            using var store = KsefStore.Open(StorePath);
            for (var j = 0; j < 5; j++)
            {
                using var keyed = NewCertificate();
                var entry = store.AddCertificate(keyed, $"w{i}-{j}", CertificateUsage.Authentication, KsefEnvironment.Test);
                if (j % 2 == 0)
                {
                    Assert.True(store.RemoveCertificate(entry.Id));
                }
            }
        });
        using var check = KsefStore.Open(StorePath);
        Assert.Equal(8 * 2, check.ListCertificates().Count);
    }
}
