using System.Security.Cryptography;
using KsefPS.Core.Certificates;
using KsefPS.Core.Environments;
using KsefPS.Core.Errors;
using KsefPS.Core.Security;
using KsefPS.Core.Store;
using KsefPS.Core.Tests.Support;
using Microsoft.Data.Sqlite;

namespace KsefPS.Core.Tests.Store;

public sealed class StoreSecurityTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private string StorePath => _dir.File(Path.Combine("nested", "store.db"));

    public void Dispose() => _dir.Dispose();

    private static KeyedCertificate NewCertificate(KeyAlgorithm algorithm = KeyAlgorithm.EcP256) =>
        TestCertificateFactory.Create(new TestCertificateRequest { GivenName = "A", Surname = "R", Nip = Nip(), KeyAlgorithm = algorithm });

    private static string Nip() => KsefPS.Core.Identifiers.Nip.NewRandom();

    [Fact]
    public void Directory_is_0700_and_files_0600_from_creation()
    {
        using (var store = KsefStore.Open(StorePath))
        {
            using var keyed = NewCertificate();
            store.AddCertificate(keyed, "one", CertificateUsage.Authentication, KsefEnvironment.Test);
            Assert.Equal(SecureFiles.DirectoryMode, File.GetUnixFileMode(Path.GetDirectoryName(StorePath)!));
            foreach (var file in new[] { StorePath, StorePath + "-wal", StorePath + "-shm", Path.ChangeExtension(StorePath, ".key") })
            {
                Assert.True(File.Exists(file), file);
                Assert.Equal(SecureFiles.FileMode, File.GetUnixFileMode(file));
            }
        }
    }

    [Theory]
    [InlineData(KeyAlgorithm.EcP256)]
    [InlineData(KeyAlgorithm.Rsa2048)]
    public void Store_files_never_hold_private_key_bytes(KeyAlgorithm algorithm)
    {
        using var keyed = NewCertificate(algorithm);
        var pkcs8 = keyed.ExportPkcs8();
        var secrets = new List<byte[]> { pkcs8 };
        if (keyed.PrivateKey is ECDsa ec)
        {
            secrets.Add(ec.ExportParameters(true).D!);
        }
        else
        {
            var rsa = ((RSA)keyed.PrivateKey).ExportParameters(true);
            secrets.AddRange([rsa.P!, rsa.Q!, rsa.D!]);
        }

        using var store = KsefStore.Open(StorePath);
        var entry = store.AddCertificate(keyed, "secret", CertificateUsage.Authentication, KsefEnvironment.Test);
        using (var reopened = store.OpenCertificate(entry))
        {
            Assert.Equal(pkcs8, reopened.ExportPkcs8());
        }
        var files = KsefAssert.ReadStoreFiles(StorePath);
        Assert.True(files.Length > 0);
        Assert.True(KsefAssert.Contains(files, keyed.Certificate.RawData), "public DER is stored in clear, as designed");
        foreach (var secret in secrets)
        {
            Assert.False(KsefAssert.Contains(files, secret), "a private key part was found in the store files");
        }
    }

    [Fact]
    public void Sealed_key_moved_to_another_row_fails_to_open_with_a_typed_error()
    {
        using var store = KsefStore.Open(StorePath);
        using var first = NewCertificate();
        using var second = NewCertificate();
        var a = store.AddCertificate(first, "a", CertificateUsage.Authentication, KsefEnvironment.Test);
        var b = store.AddCertificate(second, "b", CertificateUsage.Authentication, KsefEnvironment.Test);
        using (var command = store.Connection.CreateCommand())
        {
            command.CommandText = "UPDATE certificates SET sealed_key = (SELECT sealed_key FROM certificates WHERE id = $a) WHERE id = $b";
            command.Parameters.AddWithValue("$a", a.Id.ToString());
            command.Parameters.AddWithValue("$b", b.Id.ToString());
            Assert.Equal(1, command.ExecuteNonQuery());
        }
        KsefAssert.Fails(ErrorIds.SealedSecretInvalid, () => store.OpenCertificate(b).Dispose());
        using var stillFine = store.OpenCertificate(a);
        Assert.True(KeyMaterial.Matches(stillFine.Certificate, stillFine.PrivateKey));
    }

    [Fact]
    public void Removed_key_leaves_no_sealed_bytes_in_the_files()
    {
        using var store = KsefStore.Open(StorePath);
        using var keep = NewCertificate(KeyAlgorithm.Rsa2048);
        using var gone = NewCertificate(KeyAlgorithm.Rsa2048);
        store.AddCertificate(keep, "keep", CertificateUsage.Authentication, KsefEnvironment.Test);
        var entry = store.AddCertificate(gone, "gone", CertificateUsage.Authentication, KsefEnvironment.Test);
        byte[] sealedBlob;
        using (var command = store.Connection.CreateCommand())
        {
            command.CommandText = "SELECT sealed_key FROM certificates WHERE id = $id";
            command.Parameters.AddWithValue("$id", entry.Id.ToString());
            sealedBlob = (byte[])command.ExecuteScalar()!;
        }
        var probe = sealedBlob[29..]; // the ciphertext, past version, nonce and tag
        Assert.True(KsefAssert.Contains(KsefAssert.ReadStoreFiles(StorePath), probe));

        Assert.True(store.RemoveCertificate(entry.Id));
        Assert.False(KsefAssert.Contains(KsefAssert.ReadStoreFiles(StorePath), probe));
        Assert.False(KsefAssert.Contains(KsefAssert.ReadStoreFiles(StorePath), gone.Certificate.RawData));
        Assert.Single(store.ListCertificates());
    }

    [Fact]
    public void Passphrase_protection_locks_unlocks_and_a_wrong_passphrase_changes_nothing()
    {
        var passphrase = SecureStrings.FromString("correct horse battery staple");
        Guid id;
        using (var store = KsefStore.Open(StorePath))
        {
            using var keyed = NewCertificate();
            id = store.AddCertificate(keyed, "p", CertificateUsage.Authentication, KsefEnvironment.Test).Id;
            store.SetProtection(StoreProtection.Passphrase, passphrase);
            Assert.False(File.Exists(Path.ChangeExtension(StorePath, ".key")), "the key file must go once a passphrase protects the key");
            store.Lock();
            Assert.True(store.GetInfo().Locked);
        }

        var before = File.ReadAllBytes(StorePath);
        using (var store = KsefStore.Open(StorePath))
        {
            var entry = store.FindCertificate(id)!;
            Assert.Equal("p", entry.Name); // listing needs no unlock
            KsefAssert.Fails(ErrorIds.StoreLocked, () => store.OpenCertificate(entry).Dispose());
            KsefAssert.Fails(ErrorIds.StorePassphraseInvalid, () => store.Unlock(SecureStrings.FromString("wrong"), TimeSpan.FromMinutes(1)));
            KsefAssert.Fails(ErrorIds.StoreLocked, () => store.OpenCertificate(entry).Dispose());
            Assert.Equal(StoreProtection.Passphrase, store.Protection);
        }
        Assert.Equal(before, File.ReadAllBytes(StorePath));

        using (var store = KsefStore.Open(StorePath))
        {
            var until = store.Unlock(passphrase, TimeSpan.FromMinutes(1));
            Assert.InRange(until - DateTimeOffset.UtcNow, TimeSpan.FromSeconds(50), TimeSpan.FromSeconds(61));
            using var opened = store.OpenCertificate(store.FindCertificate(id)!);
            Assert.True(KeyMaterial.Matches(opened.Certificate, opened.PrivateKey));

            store.SetProtection(StoreProtection.User, null);
            store.Lock();
            using var afterSwitch = store.OpenCertificate(store.FindCertificate(id)!);
            Assert.Equal(StoreProtection.User, store.Protection);
        }
    }

    [Fact]
    public void Unlock_expires()
    {
        var passphrase = SecureStrings.FromString("pass");
        using var store = KsefStore.Open(StorePath);
        using var keyed = NewCertificate();
        var entry = store.AddCertificate(keyed, "x", CertificateUsage.Offline, KsefEnvironment.Test);
        store.SetProtection(StoreProtection.Passphrase, passphrase);
        store.Unlock(passphrase, TimeSpan.Zero);
        KsefAssert.Fails(ErrorIds.StoreLocked, () => store.OpenCertificate(entry).Dispose());
    }

    [Fact]
    public void A_key_file_of_another_store_is_detected()
    {
        var otherPath = _dir.File("other/store.db");
        using (KsefStore.Open(otherPath))
        using (var store = KsefStore.Open(StorePath))
        {
            using var keyed = NewCertificate();
            store.AddCertificate(keyed, "x", CertificateUsage.Authentication, KsefEnvironment.Test);
        }
        File.Copy(Path.ChangeExtension(otherPath, ".key"), Path.ChangeExtension(StorePath, ".key"), overwrite: true);
        using var reopened = KsefStore.Open(StorePath);
        KsefAssert.Fails(ErrorIds.StoreKeyMismatch, () => reopened.OpenCertificate(reopened.ListCertificates()[0]).Dispose());
    }

    [Fact]
    public void Missing_key_file_is_a_typed_error_not_a_new_key()
    {
        using (var store = KsefStore.Open(StorePath))
        {
            using var keyed = NewCertificate();
            store.AddCertificate(keyed, "x", CertificateUsage.Authentication, KsefEnvironment.Test);
        }
        File.Delete(Path.ChangeExtension(StorePath, ".key"));
        using var reopened = KsefStore.Open(StorePath);
        KsefAssert.Fails(ErrorIds.StoreKeyMissing, () => reopened.OpenCertificate(reopened.ListCertificates()[0]).Dispose());
        Assert.False(File.Exists(Path.ChangeExtension(StorePath, ".key")));
    }
}
