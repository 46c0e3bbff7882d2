using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using KsefPS.Core.Certificates;
using Microsoft.Data.Sqlite;

namespace KsefPS.Core.Store;

/// <summary>
/// Walks, once a process and on a thread-pool thread, the steps a command's first use of the store takes (SQLite's
/// statements, transactions and readers; unsealing; a key and a certificate read back and matched), on an in-memory
/// database and a throwaway key, so that .NET has compiled them before the first command needs them. Every KsefPS
/// command opens the store, and in a fresh process opening it and its Offline key took Protect-KsefInvoice 60 ms, nearly
/// all of it compiling (perf). Started at import, the compiling overlaps what PowerShell still does on the other core,
/// and the same steps then take 13 ms. Nothing here reads or writes a file, and nothing it makes is kept.
/// </summary>
public static class StoreRehearsal
{
    private static int _started;

    /// <summary>Starts the rehearsal unless it was started before; returns at once.</summary>
    public static void Start()
    {
        if (Interlocked.Exchange(ref _started, 1) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(_ => Run(), null);
        }
    }

    /// <summary>
    /// The rehearsal itself; false if a step failed. A failure only means the real step compiles where it is first
    /// used, as without a rehearsal; it is reported there, by the real step, if it fails there too.
    /// </summary>
    internal static bool Run()
    {
        try
        {
            RehearseDatabase();
            RehearseKeys();
            return true;
        }
        catch (Exception)
        {
            // Whatever it is: an exception escaping a thread-pool thread would end the user's session.
            return false;
        }
    }

    private static void RehearseDatabase()
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = ":memory:",
            Pooling = false,
        }.ToString());
        connection.Open();
        using (var setUp = connection.CreateCommand())
        {
            setUp.CommandText = "PRAGMA foreign_keys = ON; CREATE TABLE rehearsal (id TEXT PRIMARY KEY, size INTEGER NOT NULL, content BLOB, note TEXT)";
            setUp.ExecuteNonQuery();
        }
        using (var transaction = connection.BeginTransaction(deferred: false))
        {
            using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO rehearsal (id, size, content, note) VALUES ($id, $size, $content, NULL)";
            insert.Parameters.AddWithValue("$id", Guid.Empty.ToString());
            insert.Parameters.AddWithValue("$size", 1L);
            insert.Parameters.AddWithValue("$content", new byte[1]);
            insert.ExecuteNonQuery();
            transaction.Commit();
        }
        using var select = connection.CreateCommand();
        select.CommandText = "SELECT id, size, content, note, note IS NULL FROM rehearsal WHERE id = $id";
        select.Parameters.AddWithValue("$id", Guid.Empty.ToString());
        if (select.ExecuteScalar() is not string)
        {
            throw new InvalidOperationException("The rehearsal's row did not read back.");
        }
        using var reader = select.ExecuteReader();
        while (reader.Read())
        {
            _ = Guid.Parse(reader.GetString(0));
            _ = reader.GetInt64(1) + ((byte[])reader.GetValue(2)).Length;
            _ = reader.IsDBNull(3) ? null : reader.GetString(3);
            _ = reader.GetBoolean(4);
        }
    }

    private static void RehearseKeys()
    {
        var storeKey = new byte[32];
        _ = HMACSHA256.HashData(storeKey, storeKey);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var pkcs8 = SecretSealer.Open(storeKey, SecretSealer.Seal(storeKey, key.ExportPkcs8PrivateKey(), storeKey), storeKey);
        using var imported = KeyMaterial.ImportPkcs8(pkcs8);
        CryptographicOperations.ZeroMemory(pkcs8);
        // Matched against a certificate of another key, read as the store reads one: making a certificate for this key
        // here cost more than the rest of the rehearsal of keys, and no command that opens the store makes one.
        using var certificate = new X509Certificate2(Convert.FromBase64String(OtherKeysCertificate));
        if (KeyMaterial.Matches(certificate, imported))
        {
            throw new InvalidOperationException("The rehearsal's key matched another key's certificate.");
        }
    }

    /// <summary>A self-signed EC P-256 certificate, "CN=KsefPS rehearsal", whose private key was thrown away when it was made.</summary>
    private const string OtherKeysCertificate =
        """
        MIIBizCCATGgAwIBAgIUCob9aWHcHMHCt6Pin0iqFaBDIHUwCgYIKoZIzj0EAwIwGzEZMBcGA1UEAwwQS3NlZlBTIHJlaGVhcnNh
        bDAeFw0yNjEyMDUwNTQzNTJaFw0yNjEyMDYwNTQzNTJaMBsxGTAXBgNVBAMMEEtzZWZQUyByZWhlYXJzYWwwWTATBgcqhkjOPQIB
        BggqhkjOPQMBBwNCAAS4tbu+PpdL9NkXcAwxy4rqgxdYiIsuAh73rrG1iT6cqaeTTMuTWoIHD4n9DGTGucp1U7Dz0M7Z1a9mxjj4
        1zj0o1MwUTAdBgNVHQ4EFgQUt5KOzgiURof9now2GcfcUXW9yD8wHwYDVR0jBBgwFoAUt5KOzgiURof9now2GcfcUXW9yD8wDwYD
        VR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNIADBFAiAVYvZX0GCWckdd1Ytgb2ZUX9ssUaYsUWAeasIXlTAymwIhANJjhj0Nuz+D
        C1vQ1NfBGVck1bXwmyoUfIPjU65vU8bH
        """;
}
