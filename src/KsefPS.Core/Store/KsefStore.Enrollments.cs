using System.Security.Cryptography;
using System.Text;
using KsefPS.Core.Certificates;
using KsefPS.Core.Environments;
using KsefPS.Core.Errors;
using KsefPS.Core.Pkcs11;
using System.Security.Cryptography.X509Certificates;

namespace KsefPS.Core.Store;

/// <summary>Enrollments in flight: the key is sealed in the store from the moment KSeF accepts the request.</summary>
public sealed partial class KsefStore
{
    public PendingEnrollment AddPendingEnrollment(string name, CertificateUsage usage, KsefEnvironment environment, Uri apiUrl,
        string referenceNumber, AsymmetricAlgorithm privateKey)
    {
        var id = Guid.NewGuid();
        return InsertPending(id, name, usage, environment, apiUrl, referenceNumber, SealPrivateKey(privateKey, PendingKeyAssociatedData(id)), null, null);
    }

    /// <summary>An enrollment whose key was made on a token: the pending entry keeps where it is (and the PIN, if the user saves it).</summary>
    public PendingEnrollment AddPendingEnrollment(string name, CertificateUsage usage, KsefEnvironment environment, Uri apiUrl,
        string referenceNumber, Pkcs11KeyReference tokenKey, ReadOnlySpan<byte> pin)
    {
        var id = Guid.NewGuid();
        var sealedPin = pin.IsEmpty ? null : SealSecret(pin, PendingPinAssociatedData(id));
        return InsertPending(id, name, usage, environment, apiUrl, referenceNumber, [], tokenKey.ToUri(), sealedPin);
    }

    private PendingEnrollment InsertPending(Guid id, string name, CertificateUsage usage, KsefEnvironment environment, Uri apiUrl,
        string referenceNumber, byte[] sealedKey, string? keyReference, byte[]? sealedPin)
    {
        var requested = DateTimeOffset.UtcNow;
        using var transaction = _connection.BeginTransaction(deferred: false);
        using (var insert = _connection.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO pending_enrollments (id, name, usage, environment, api_url, reference_number, sealed_key, requested, key_reference, sealed_pin)
                VALUES ($id, $name, $usage, $environment, $api_url, $reference, $sealed, $requested, $key_reference, $sealed_pin)
                """;
            var p = insert.Parameters;
            p.AddWithValue("$id", id.ToString());
            p.AddWithValue("$name", name);
            p.AddWithValue("$usage", usage.ToString());
            p.AddWithValue("$environment", environment.ToString());
            p.AddWithValue("$api_url", apiUrl.AbsoluteUri);
            p.AddWithValue("$reference", referenceNumber);
            p.AddWithValue("$sealed", sealedKey);
            p.AddWithValue("$requested", requested.ToUnixTimeMilliseconds());
            p.AddWithValue("$key_reference", (object?)keyReference ?? DBNull.Value);
            p.AddWithValue("$sealed_pin", (object?)sealedPin ?? DBNull.Value);
            insert.ExecuteNonQuery();
        }
        transaction.Commit();
        return new PendingEnrollment(id, name, usage, environment, apiUrl, referenceNumber, requested, Path, keyReference);
    }

    public IReadOnlyList<PendingEnrollment> ListPendingEnrollments()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT id, name, usage, environment, api_url, reference_number, requested, key_reference FROM pending_enrollments ORDER BY requested";
        using var reader = command.ExecuteReader();
        var result = new List<PendingEnrollment>();
        while (reader.Read())
        {
            result.Add(new PendingEnrollment(Guid.Parse(reader.GetString(0)), reader.GetString(1), Enum.Parse<CertificateUsage>(reader.GetString(2)),
                Enum.Parse<KsefEnvironment>(reader.GetString(3)), new Uri(reader.GetString(4)), reader.GetString(5),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6)), Path, reader.IsDBNull(7) ? null : reader.GetString(7)));
        }
        return result;
    }

    /// <summary>
    /// Joins the issued certificate with the pending key and stores it; the pending entry goes. A key on a token must
    /// sign for the certificate first (<paramref name="pin"/>, or the PIN saved with the enrollment); the certificate is
    /// written to the token beside it where the token takes objects.
    /// </summary>
    public StoredCertificate CompletePendingEnrollment(PendingEnrollment pending, X509Certificate2 certificate, Pkcs11Pin? pin = null,
        Action<string>? narrate = null)
    {
        byte[] sealedKey;
        using (var command = _connection.CreateCommand())
        {
            command.CommandText = "SELECT sealed_key FROM pending_enrollments WHERE id = $id";
            command.Parameters.AddWithValue("$id", pending.Id.ToString());
            sealedKey = command.ExecuteScalar() as byte[] ?? throw new KsefException(ErrorIds.EnrollmentNotFound, KsefErrorKind.ObjectNotFound,
                $"The enrollment {pending.ReferenceNumber} is no longer pending in the store.", pending.ReferenceNumber);
        }
        if (pending.KeyReference is { } tokenKey)
        {
            return CompleteOnToken(pending, Pkcs11KeyReference.Parse(tokenKey, pending.Name), certificate, pin ?? Pkcs11Pin.None, narrate);
        }
        var key = AcquireKey();
        byte[]? pkcs8 = null;
        StoredCertificate stored;
        try
        {
            pkcs8 = SecretSealer.Open(key, sealedKey, PendingKeyAssociatedData(pending.Id));
            using var keyed = new KeyedCertificate(new(certificate.RawData), KeyMaterial.ImportPkcs8(pkcs8));
            if (!KeyMaterial.Matches(keyed.Certificate, keyed.PrivateKey))
            {
                throw new KsefException(ErrorIds.CertificateKeyMismatch, KsefErrorKind.InvalidData,
                    $"KSeF returned a certificate for {pending.ReferenceNumber} that does not match the key made for it.", pending.ReferenceNumber);
            }
            try
            {
                stored = AddCertificate(keyed, pending.Name, pending.Usage, pending.Environment);
            }
            catch (KsefException e) when (e.ErrorId == ErrorIds.CertificateAlreadyStored)
            {
                // Stored by an earlier run that stopped before forgetting the pending entry.
                var fingerprint = SubjectIdentity.Sha256Fingerprint(certificate);
                stored = ListCertificates().Single(c => c.Fingerprint == fingerprint && c.Usage == pending.Usage);
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
            if (pkcs8 is not null)
            {
                CryptographicOperations.ZeroMemory(pkcs8);
            }
        }
        DeleteRow("pending_enrollments", pending.Id);
        return stored;
    }

    public bool RemovePendingEnrollment(Guid id) => DeleteRow("pending_enrollments", id);

    private StoredCertificate CompleteOnToken(PendingEnrollment pending, Pkcs11KeyReference reference, X509Certificate2 certificate, Pkcs11Pin pin,
        Action<string>? narrate)
    {
        var savedPin = OpenSealedColumn("pending_enrollments", "sealed_pin", pending.Id, PendingPinAssociatedData(pending.Id));
        try
        {
            var who = $"'{pending.Name}'";
            var withSaved = savedPin is null ? pin : pin.WithSaved(() => savedPin.ToArray());
            using var keyed = Pkcs11Keys.Open(reference, certificate, withSaved, who);
            narrate?.Invoke(Pkcs11KeyPairs.WriteCertificate(reference, certificate, withSaved, who)
                ? $"The certificate is on the token beside its key ({reference.Describe()})."
                : $"The token does not take certificates; the store keeps it ({reference.Describe()}).");
            StoredCertificate stored;
            try
            {
                stored = AddCertificateReference(keyed, pending.Name, pending.Usage, pending.Environment, KeySource.Pkcs11, reference.ToUri(), savedPin);
            }
            catch (KsefException e) when (e.ErrorId == ErrorIds.CertificateAlreadyStored)
            {
                var fingerprint = SubjectIdentity.Sha256Fingerprint(certificate);
                stored = ListCertificates().Single(c => c.Fingerprint == fingerprint && c.Usage == pending.Usage);
            }
            DeleteRow("pending_enrollments", pending.Id);
            return stored;
        }
        finally
        {
            if (savedPin is not null)
            {
                CryptographicOperations.ZeroMemory(savedPin);
            }
        }
    }

    private static byte[] PendingPinAssociatedData(Guid id) => Encoding.ASCII.GetBytes($"ksefps/v1/pending-enrollments/{id}/pin");

    private static byte[] PendingKeyAssociatedData(Guid id) => Encoding.ASCII.GetBytes($"ksefps/v1/pending-enrollments/{id}/private-key");
}
