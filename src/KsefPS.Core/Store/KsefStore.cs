using System.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using KsefPS.Core.Certificates;
using KsefPS.Core.Environments;
using KsefPS.Core.Errors;
using KsefPS.Core.Identifiers;
using KsefPS.Core.Pkcs11;
using KsefPS.Core.Security;
using Microsoft.Data.Sqlite;

namespace KsefPS.Core.Store;

/// <summary>
/// The per-user encrypted store: one SQLite file, public certificate data in clear columns, private keys sealed
/// with AES-256-GCM under the store key. Open one per operation and dispose it; the file is closed on dispose.
/// </summary>
public sealed partial class KsefStore : IDisposable
{
    private const int SqliteBusyTimeoutMs = 30_000;
    private readonly SqliteConnection _connection;

    private KsefStore(string path, SqliteConnection connection)
    {
        Path = path;
        _connection = connection;
    }

    public string Path { get; }

    /// <summary>Opens the store, creating it (0700 directory, 0600 files, User protection) when it does not exist.</summary>
    public static KsefStore Open(string? path = null)
    {
        var fullPath = StoreLocation.Resolve(path);
        if (Directory.Exists(fullPath))
        {
            throw new KsefException(ErrorIds.StoreUnavailable, KsefErrorKind.OpenError,
                $"The store path '{fullPath}' is a directory; give the path of the store file.", fullPath);
        }
        var directory = System.IO.Path.GetDirectoryName(fullPath)!;
        try
        {
            SecureFiles.EnsureDirectory(directory);
            SecureFiles.RequireOwnerOnly(directory, SecureFiles.Exposure.Write);
            // SQLite gives the -wal and -shm files the permissions of the database file, so 0600 here covers all three.
            SecureFiles.Touch(fullPath);
            SecureFiles.RequireOwnerOnly(fullPath, SecureFiles.Exposure.Write);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // a file where a folder of the path should be, a folder the system will not make, no right to write
            throw new KsefException(ErrorIds.StoreUnavailable, KsefErrorKind.OpenError,
                $"The store '{fullPath}' cannot be made or opened there: {e.Message.TrimEnd('.')}. Nothing was changed; choose another -StorePath.", fullPath, e);
        }

        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = fullPath,
            Mode = SqliteOpenMode.ReadWrite,
            Pooling = false,
            DefaultTimeout = SqliteBusyTimeoutMs / 1000,
        }.ToString());
        try
        {
            connection.Open();
            Execute(connection, $"PRAGMA busy_timeout = {SqliteBusyTimeoutMs}; PRAGMA secure_delete = ON; PRAGMA foreign_keys = ON;");
            Execute(connection, "PRAGMA journal_mode = WAL;");
            StoreSchema.Migrate(connection, fullPath);
            var store = new KsefStore(fullPath, connection);
            store.EnsureKey();
            store.FinishPendingWipe();
            return store;
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            throw e.SqliteErrorCode is 26 or 11
                ? new KsefException(ErrorIds.StoreCorrupt, KsefErrorKind.InvalidData,
                    $"'{fullPath}' is not a KsefPS store or is damaged ({e.Message}). Nothing was changed; restore it from a backup or choose another -StorePath.", fullPath, e)
                : new KsefException(ErrorIds.StoreUnavailable, KsefErrorKind.OpenError,
                    $"The store '{fullPath}' cannot be opened: {e.Message}", fullPath, e);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public void Dispose() => _connection.Dispose();

    public StoreInfo GetInfo()
    {
        var meta = new StoreMeta(_connection, null);
        var protection = StoreKeys.ProtectionOf(meta);
        var counts = CountByUsage();
        var unlockedUntil = protection == StoreProtection.Passphrase ? StoreKeys.UnlockedUntil(Path) : null;
        var size = new[] { Path, Path + "-wal" }.Where(File.Exists).Sum(f => new FileInfo(f).Length);
        return new StoreInfo(Path, protection, StoreKeys.Describe(meta, Path),
            protection == StoreProtection.Passphrase && unlockedUntil is null, unlockedUntil,
            StoreSchema.ReadVersion(_connection), counts.Values.Sum(),
            counts.GetValueOrDefault(CertificateUsage.Authentication), counts.GetValueOrDefault(CertificateUsage.Offline),
            Count("SELECT COUNT(*) FROM tokens"), Count("SELECT COUNT(*) FROM pending_enrollments"),
            Count("SELECT COUNT(*) FROM offline_invoices WHERE ksef_number IS NULL"), size);
    }

    public StoreProtection Protection => StoreKeys.ProtectionOf(new StoreMeta(_connection, null));

    public DateTimeOffset Unlock(SecureString passphrase, TimeSpan timeout)
    {
        var meta = new StoreMeta(_connection, null);
        if (StoreKeys.ProtectionOf(meta) != StoreProtection.Passphrase)
        {
            return DateTimeOffset.MaxValue;
        }
        var bytes = SecureStrings.ToUtf8(passphrase);
        try
        {
            return StoreKeys.Unlock(meta, Path, bytes, timeout);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    public void Lock() => StoreKeys.Lock(Path);

    /// <summary>Re-wraps the store key for the new protection. The store must be open (User) or unlocked (Passphrase).</summary>
    public void SetProtection(StoreProtection target, SecureString? passphrase)
    {
        if (target == StoreProtection.Passphrase && (passphrase is null || passphrase.Length == 0))
        {
            throw new KsefException(ErrorIds.StorePassphraseInvalid, KsefErrorKind.InvalidArgument,
                "Passphrase protection needs a non-empty passphrase.");
        }
        var passphraseBytes = passphrase is null ? null : SecureStrings.ToUtf8(passphrase);
        var key = AcquireKey();
        try
        {
            var previous = Protection;
            using (var transaction = _connection.BeginTransaction(deferred: false))
            {
                StoreKeys.Protect(new StoreMeta(_connection, transaction), Path, key, target, passphraseBytes);
                transaction.Commit();
            }
            if (previous == StoreProtection.User && target == StoreProtection.Passphrase)
            {
                StoreKeys.ForgetUserCopy(new StoreMeta(_connection, null), Path);
            }
            StoreKeys.Lock(Path);
            if (target == StoreProtection.Passphrase)
            {
                // The caller just proved knowledge of the passphrase: leave the store unlocked for the default span.
                StoreKeys.Unlock(new StoreMeta(_connection, null), Path, passphraseBytes!, DefaultUnlockTimeout);
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
            if (passphraseBytes is not null)
            {
                CryptographicOperations.ZeroMemory(passphraseBytes);
            }
        }
    }

    public static readonly TimeSpan DefaultUnlockTimeout = TimeSpan.FromMinutes(15);

    public IReadOnlyList<StoredCertificate> ListCertificates()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = $"SELECT {CertificateColumns} FROM certificates ORDER BY name COLLATE NOCASE";
        return ReadCertificates(command);
    }

    public StoredCertificate? FindCertificate(Guid id)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = $"SELECT {CertificateColumns} FROM certificates WHERE id = $id";
        command.Parameters.AddWithValue("$id", id.ToString());
        return ReadCertificates(command).SingleOrDefault();
    }

    public StoredCertificate AddCertificate(KeyedCertificate keyed, string? name, CertificateUsage usage, KsefEnvironment environment)
    {
        var id = Guid.NewGuid();
        var sealedKey = SealPrivateKey(keyed.PrivateKey, PrivateKeyAssociatedData(id));
        return InsertCertificate(id, keyed.Certificate, name, usage, environment, keyed.KeyDescription, sealedKey, KeySource.Store, null);
    }

    /// <summary>
    /// A certificate whose key stays where it is (<paramref name="source"/>, found again by <paramref name="reference"/>):
    /// the entry holds the certificate and the reference, and no key material at all.
    /// </summary>
    /// <param name="pin">For a token's key the user wants used unattended: its PIN (UTF-8), sealed with the entry.</param>
    public StoredCertificate AddCertificateReference(KeyedCertificate keyed, string? name, CertificateUsage usage, KsefEnvironment environment,
        KeySource source, string reference, ReadOnlySpan<byte> pin = default)
    {
        var id = Guid.NewGuid();
        var sealedPin = pin.IsEmpty ? null : SealSecret(pin, PinAssociatedData(id));
        return InsertCertificate(id, keyed.Certificate, name, usage, environment, keyed.KeyDescription, [], source, reference, sealedPin);
    }

    private StoredCertificate InsertCertificate(Guid id, X509Certificate2 certificate, string? name, CertificateUsage usage, KsefEnvironment environment,
        string keyDescription, byte[] sealedKey, KeySource source, string? reference, byte[]? sealedPin = null)
    {
        var identity = SubjectIdentity.From(certificate);
        var fingerprint = SubjectIdentity.Sha256Fingerprint(certificate);
        name = ValidateName(name ?? DefaultName(identity, usage, fingerprint));

        using var transaction = _connection.BeginTransaction(deferred: false);
        RefuseDuplicates(transaction, name, fingerprint, usage);
        using (var insert = _connection.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO certificates (id, name, usage, environment, thumbprint, fingerprint, serial, subject, issuer,
                    identifier_type, identifier, key_algorithm, not_before, not_after, der, sealed_key, added, key_source, key_reference, sealed_pin)
                VALUES ($id, $name, $usage, $environment, $thumbprint, $fingerprint, $serial, $subject, $issuer,
                    $identifier_type, $identifier, $key_algorithm, $not_before, $not_after, $der, $sealed_key, $added, $key_source, $key_reference, $sealed_pin)
                """;
            var p = insert.Parameters;
            p.AddWithValue("$id", id.ToString());
            p.AddWithValue("$name", name);
            p.AddWithValue("$usage", usage.ToString());
            p.AddWithValue("$environment", environment.ToString());
            p.AddWithValue("$thumbprint", certificate.Thumbprint);
            p.AddWithValue("$fingerprint", fingerprint);
            p.AddWithValue("$serial", StoredCertificate.SerialHex(certificate));
            p.AddWithValue("$subject", certificate.Subject);
            p.AddWithValue("$issuer", certificate.Issuer);
            p.AddWithValue("$identifier_type", identity.Type.ToString());
            p.AddWithValue("$identifier", identity.Value);
            p.AddWithValue("$key_algorithm", keyDescription);
            p.AddWithValue("$not_before", new DateTimeOffset(certificate.NotBefore.ToUniversalTime()).ToUnixTimeMilliseconds());
            p.AddWithValue("$not_after", new DateTimeOffset(certificate.NotAfter.ToUniversalTime()).ToUnixTimeMilliseconds());
            p.AddWithValue("$der", certificate.RawData);
            p.AddWithValue("$sealed_key", sealedKey);
            p.AddWithValue("$added", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            p.AddWithValue("$key_source", source.ToString());
            p.AddWithValue("$key_reference", (object?)reference ?? DBNull.Value);
            p.AddWithValue("$sealed_pin", (object?)sealedPin ?? DBNull.Value);
            insert.ExecuteNonQuery();
        }
        transaction.Commit();
        return FindCertificate(id)!;
    }

    /// <summary>
    /// The certificate with its private key: unsealed (needs the store key, unlocked for passphrase stores), or the key
    /// where it lives. <paramref name="pin"/> is for a key on a token; the PIN sealed with the entry is used when none is given.
    /// </summary>
    public KeyedCertificate OpenCertificate(StoredCertificate entry, Pkcs11Pin? pin = null)
    {
        if (entry.KeySource == KeySource.Pkcs11)
        {
            return OpenTokenKey(entry, pin ?? Pkcs11Pin.None);
        }
        if (entry.KeySource != KeySource.Store)
        {
            return OpenReferencedKey(entry);
        }
        byte[] sealedKey;
        using (var command = _connection.CreateCommand())
        {
            command.CommandText = "SELECT sealed_key FROM certificates WHERE id = $id";
            command.Parameters.AddWithValue("$id", entry.Id.ToString());
            sealedKey = command.ExecuteScalar() switch
            {
                null or DBNull => throw CertificateNotFound(entry.Name),
                byte[] bytes => bytes,
                _ => throw SecretSealer.Invalid(null),
            };
        }
        var key = AcquireKey();
        byte[]? pkcs8 = null;
        try
        {
            pkcs8 = SecretSealer.Open(key, sealedKey, PrivateKeyAssociatedData(entry.Id));
            var certificate = new X509Certificate2(entry.Der);
            var privateKey = KeyMaterial.ImportPkcs8(pkcs8);
            if (!KeyMaterial.Matches(certificate, privateKey))
            {
                // The key is bound to its row, the certificate is not: a certificate moved between rows shows here.
                privateKey.Dispose();
                certificate.Dispose();
                throw new KsefException(ErrorIds.SealedSecretInvalid, KsefErrorKind.SecurityError,
                    $"The entry '{entry.Name}' holds a certificate that does not belong to its private key; the store was altered. Nothing was used.", entry.Name);
            }
            return new KeyedCertificate(certificate, privateKey);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
            if (pkcs8 is not null)
            {
                CryptographicOperations.ZeroMemory(pkcs8);
            }
        }
    }

    /// <summary>Records that KSeF revoked the certificate; listing then shows it as Revoked and Connect-Ksef refuses it.</summary>
    public void MarkRevoked(Guid id, string reason, DateTimeOffset when)
    {
        using var transaction = _connection.BeginTransaction(deferred: false);
        using var update = _connection.CreateCommand();
        update.Transaction = transaction;
        update.CommandText = "UPDATE certificates SET revoked = $when, revocation_reason = $reason WHERE id = $id AND revoked IS NULL";
        update.Parameters.AddWithValue("$id", id.ToString());
        update.Parameters.AddWithValue("$when", when.ToUnixTimeMilliseconds());
        update.Parameters.AddWithValue("$reason", reason);
        update.ExecuteNonQuery();
        transaction.Commit();
    }

    /// <summary>Deletes the entry and wipes its sealed key from the files as far as other readers allow (<see cref="Wipe"/>).</summary>
    public bool RemoveCertificate(Guid id) => DeleteRow("certificates", id);

    /// <summary>Deletes one row of a table holding a sealed secret, then wipes the copies the WAL still holds.</summary>
    private bool DeleteRow(string table, Guid id)
    {
        int removed;
        using (var transaction = _connection.BeginTransaction(deferred: false))
        {
            using var delete = _connection.CreateCommand();
            delete.Transaction = transaction;
            delete.CommandText = $"DELETE FROM {table} WHERE id = $id";
            delete.Parameters.AddWithValue("$id", id.ToString());
            removed = delete.ExecuteNonQuery();
            transaction.Commit();
        }
        if (removed > 0)
        {
            Wipe();
        }
        return removed > 0;
    }

    internal SqliteConnection Connection => _connection;

    /// <summary>
    /// A store that never had a key gets one; any other must have a readable protection setting (StoreCorrupt
    /// otherwise). A store holding sealed secrets is never given a new key, whatever its settings say.
    /// </summary>
    private void EnsureKey()
    {
        if (!IsNewStore(new StoreMeta(_connection, null)))
        {
            StoreKeys.ProtectionOf(new StoreMeta(_connection, null));
            return;
        }
        using var transaction = _connection.BeginTransaction(deferred: false);
        var meta = new StoreMeta(_connection, transaction);
        if (IsNewStore(meta))
        {
            StoreKeys.Initialize(meta, Path);
            meta.Set("created", DateTimeOffset.UtcNow.ToString("O"));
        }
        transaction.Commit();
    }

    private bool IsNewStore(StoreMeta meta)
    {
        if (!StoreKeys.IsNew(meta))
        {
            return false;
        }
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT (SELECT count(*) FROM certificates) + (SELECT count(*) FROM tokens) + (SELECT count(*) FROM send_sessions)";
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 0;
    }

    private byte[] AcquireKey() => StoreKeys.Acquire(new StoreMeta(_connection, null), Path);

    /// <summary>PKCS#8 of the key, sealed under the store key for the row named by <paramref name="associatedData"/>.</summary>
    private byte[] SealPrivateKey(AsymmetricAlgorithm privateKey, byte[] associatedData)
    {
        var key = AcquireKey();
        var pkcs8 = KeyMaterial.ExportPkcs8(privateKey);
        try
        {
            return SecretSealer.Seal(key, pkcs8, associatedData);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
            CryptographicOperations.ZeroMemory(key);
        }
    }

    private byte[] SealSecret(ReadOnlySpan<byte> secret, byte[] associatedData)
    {
        var key = AcquireKey();
        try
        {
            return SecretSealer.Seal(key, secret, associatedData);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    private static byte[] PinAssociatedData(Guid id) => Encoding.ASCII.GetBytes($"ksefps/v1/certificates/{id}/pin");

    private static byte[] PrivateKeyAssociatedData(Guid id) => Encoding.ASCII.GetBytes($"ksefps/v1/certificates/{id}/private-key");

    private void RefuseDuplicates(SqliteTransaction transaction, string name, string fingerprint, CertificateUsage usage)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            SELECT name, (name = $name COLLATE NOCASE) FROM certificates
            WHERE name = $name COLLATE NOCASE OR (fingerprint = $fingerprint AND usage = $usage)
            """;
        command.Parameters.AddWithValue("$name", name);
        command.Parameters.AddWithValue("$fingerprint", fingerprint);
        command.Parameters.AddWithValue("$usage", usage.ToString());
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            if (reader.GetBoolean(1))
            {
                throw new KsefException(ErrorIds.CertificateNameTaken, KsefErrorKind.ResourceExists,
                    $"A certificate named '{name}' is already in the store; choose another -Name.", name);
            }
            throw new KsefException(ErrorIds.CertificateAlreadyStored, KsefErrorKind.ResourceExists,
                $"This certificate is already stored for {usage} as '{reader.GetString(0)}'.", reader.GetString(0));
        }
    }

    private int Count(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt32(command.ExecuteScalar());
    }

    private Dictionary<CertificateUsage, int> CountByUsage()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT usage, COUNT(*) FROM certificates GROUP BY usage";
        using var reader = command.ExecuteReader();
        var result = new Dictionary<CertificateUsage, int>();
        while (reader.Read())
        {
            if (Enum.TryParse<CertificateUsage>(reader.GetString(0), out var usage))
            {
                result[usage] = reader.GetInt32(1);
            }
        }
        return result;
    }

    /// <summary>
    /// A key on a token, proved to belong to the entry's certificate by one signature before it is used (a reference
    /// edited to another key shows there).
    /// </summary>
    private KeyedCertificate OpenTokenKey(StoredCertificate entry, Pkcs11Pin pin)
    {
        var reference = Pkcs11KeyReference.Parse(entry.KeyReference ?? "", entry.Name);
        return Pkcs11Keys.Open(reference, entry.Certificate, pin.WithSaved(() => OpenSavedPin(entry)), $"'{entry.Name}'");
    }

    /// <summary>The PIN saved with a token entry (UTF-8, the caller zeroes it), or null when none was saved.</summary>
    public byte[]? OpenSavedPin(StoredCertificate entry) => OpenSealedColumn("certificates", "sealed_pin", entry.Id, PinAssociatedData(entry.Id));

    /// <summary>A secret sealed in <paramref name="column"/> of the row <paramref name="id"/>, opened (the caller zeroes it); null when the row has none.</summary>
    private byte[]? OpenSealedColumn(string table, string column, Guid id, byte[] associatedData)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = $"SELECT {column} FROM {table} WHERE id = $id";
        command.Parameters.AddWithValue("$id", id.ToString());
        if (command.ExecuteScalar() is not byte[] { Length: > 0 } sealedSecret)
        {
            return null;
        }
        var key = AcquireKey();
        try
        {
            return SecretSealer.Open(key, sealedSecret, associatedData);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>
    /// A key that lives outside the store, found by the entry's reference, and checked against the entry's own
    /// certificate: a reference edited to point at another certificate shows here. Each call gives another key object.
    /// </summary>
    private static KeyedCertificate OpenReferencedKey(StoredCertificate entry)
    {
        var reference = entry.KeyReference ?? throw new KsefException(ErrorIds.StoreCorrupt, KsefErrorKind.InvalidData,
            $"The entry '{entry.Name}' keeps its key outside the store but says nowhere where; the store was altered.", entry.Name);
        var keyed = entry.KeySource switch
        {
            KeySource.CertificateStore => OsCertificateStore.OpenKeyed(reference, entry.Name),
            _ => throw new KsefException(ErrorIds.StoreCorrupt, KsefErrorKind.InvalidData,
                $"The entry '{entry.Name}' names a key source KsefPS does not know; the store was altered.", entry.Name),
        };
        if (!keyed.Certificate.RawData.AsSpan().SequenceEqual(entry.Der))
        {
            keyed.Dispose();
            throw new KsefException(ErrorIds.SealedSecretInvalid, KsefErrorKind.SecurityError,
                $"The key reference of '{entry.Name}' leads to another certificate than the entry holds; the store was altered. Nothing was used.", entry.Name);
        }
        return keyed;
    }

    private const string CertificateColumns =
        "id, name, usage, environment, thumbprint, fingerprint, serial, subject, issuer, identifier_type, identifier, key_algorithm, not_before, not_after, added, der, revoked, revocation_reason, key_source, key_reference, sealed_pin IS NOT NULL";

    private List<StoredCertificate> ReadCertificates(SqliteCommand command)
    {
        using var reader = command.ExecuteReader();
        var result = new List<StoredCertificate>();
        while (reader.Read())
        {
            result.Add(new StoredCertificate(
                Guid.Parse(reader.GetString(0)), reader.GetString(1),
                Enum.Parse<CertificateUsage>(reader.GetString(2)), Enum.Parse<KsefEnvironment>(reader.GetString(3)),
                reader.GetString(4), reader.GetString(5), reader.GetString(6), reader.GetString(7), reader.GetString(8),
                Enum.Parse<IdentifierType>(reader.GetString(9)), reader.GetString(10), reader.GetString(11),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(12)), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(13)),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(14)), (byte[])reader.GetValue(15), Path,
                reader.IsDBNull(16) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(16)),
                reader.IsDBNull(17) ? null : reader.GetString(17),
                Enum.TryParse<KeySource>(reader.GetString(18), out var source) && Enum.IsDefined(source) ? source : throw new KsefException(ErrorIds.StoreCorrupt,
                    KsefErrorKind.InvalidData, $"The entry '{reader.GetString(1)}' names a key source KsefPS does not know; the store was altered.", reader.GetString(1)),
                reader.IsDBNull(19) ? null : reader.GetString(19), reader.GetBoolean(20)));
        }
        return result;
    }

    private static string DefaultName(SubjectIdentity identity, CertificateUsage usage, string fingerprint) =>
        identity.Type == IdentifierType.Fingerprint
            ? $"{usage}-{fingerprint[..12]}"
            : $"{usage}-{identity.Value}-{fingerprint[..6]}";

    public static string ValidateName(string name)
    {
        name = name.Trim();
        if (name.Length is 0 or > 128 || name.IndexOfAny(['*', '?', '[', ']']) >= 0 || name.Any(char.IsControl))
        {
            throw new KsefException(ErrorIds.NameInvalid, KsefErrorKind.InvalidArgument,
                $"'{name}' is not a usable certificate name: 1–128 characters, no wildcards (* ? [ ]) and no control characters.", name);
        }
        return name;
    }

    /// <summary>CertificateNotFound, with the way to see what the store does hold.</summary>
    public static KsefException CertificateNotFound(string what) =>
        new(ErrorIds.CertificateNotFound, KsefErrorKind.ObjectNotFound, $"No stored certificate matches '{what}'.", what)
        {
            RecommendedAction = "Get-KsefCertificate lists the certificates in the store (-StorePath or $env:KSEFPS_STORE choose another store).",
        };

    /// <summary>TokenNotFound, with the way to see what the store does hold.</summary>
    public static KsefException TokenNotFound(string name) =>
        new(ErrorIds.TokenNotFound, KsefErrorKind.ObjectNotFound, $"No KSeF token named '{name}' is in the store.", name)
        {
            RecommendedAction = "Get-KsefToken lists the tokens in the store (-StorePath or $env:KSEFPS_STORE choose another store).",
        };

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
