using System.Security.Cryptography;
using System.Text;
using KsefPS.Core.Certificates;
using KsefPS.Core.Environments;
using KsefPS.Core.Errors;

namespace KsefPS.Core.Store;

/// <summary>Enrollments in flight: the key is sealed in the store from the moment KSeF accepts the request.</summary>
public sealed partial class KsefStore
{
    public PendingEnrollment AddPendingEnrollment(string name, CertificateUsage usage, KsefEnvironment environment, Uri apiUrl,
        string referenceNumber, AsymmetricAlgorithm privateKey)
    {
        var id = Guid.NewGuid();
        var sealedKey = SealPrivateKey(privateKey, PendingKeyAssociatedData(id));
        var requested = DateTimeOffset.UtcNow;
        using var transaction = _connection.BeginTransaction(deferred: false);
        using (var insert = _connection.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO pending_enrollments (id, name, usage, environment, api_url, reference_number, sealed_key, requested)
                VALUES ($id, $name, $usage, $environment, $api_url, $reference, $sealed, $requested)
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
            insert.ExecuteNonQuery();
        }
        transaction.Commit();
        return new PendingEnrollment(id, name, usage, environment, apiUrl, referenceNumber, requested, Path);
    }

    public IReadOnlyList<PendingEnrollment> ListPendingEnrollments()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT id, name, usage, environment, api_url, reference_number, requested FROM pending_enrollments ORDER BY requested";
        using var reader = command.ExecuteReader();
        var result = new List<PendingEnrollment>();
        while (reader.Read())
        {
            result.Add(new PendingEnrollment(Guid.Parse(reader.GetString(0)), reader.GetString(1), Enum.Parse<CertificateUsage>(reader.GetString(2)),
                Enum.Parse<KsefEnvironment>(reader.GetString(3)), new Uri(reader.GetString(4)), reader.GetString(5),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6)), Path));
        }
        return result;
    }

    /// <summary>Joins the issued certificate with the pending key and stores it; the pending entry goes.</summary>
    public StoredCertificate CompletePendingEnrollment(PendingEnrollment pending, System.Security.Cryptography.X509Certificates.X509Certificate2 certificate)
    {
        byte[] sealedKey;
        using (var command = _connection.CreateCommand())
        {
            command.CommandText = "SELECT sealed_key FROM pending_enrollments WHERE id = $id";
            command.Parameters.AddWithValue("$id", pending.Id.ToString());
            sealedKey = command.ExecuteScalar() as byte[] ?? throw new KsefException(ErrorIds.EnrollmentNotFound, KsefErrorKind.ObjectNotFound,
                $"The enrollment {pending.ReferenceNumber} is no longer pending in the store.", pending.ReferenceNumber);
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

    private static byte[] PendingKeyAssociatedData(Guid id) => Encoding.ASCII.GetBytes($"ksefps/v1/pending-enrollments/{id}/private-key");
}
