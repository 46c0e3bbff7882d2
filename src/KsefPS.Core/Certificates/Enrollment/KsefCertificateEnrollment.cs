using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using KsefPS.Core.Api;
using KsefPS.Core.Errors;
using KsefPS.Core.Identifiers;
using KsefPS.Core.Pkcs11;
using System.Security.Cryptography;
using KsefPS.Core.Security;
using KsefPS.Core.Sessions;
using KsefPS.Core.Store;

namespace KsefPS.Core.Certificates.Enrollment;

/// <summary>
/// CSR enrollment of KSeF certificates (BRIEF §6) with the private key made in-process and kept only in the store: the
/// key is sealed in the store as soon as KSeF accepts the request, so an interrupted run can be resumed.
/// </summary>
public sealed partial class KsefCertificateEnrollment(KsefSession session, string storePath, Action<string>? narrate = null, Action<string, int>? progress = null)
{
    [GeneratedRegex(@"^[a-zA-Z0-9_\-\ ąćęłńóśźżĄĆĘŁŃÓŚŹŻ]{5,100}$")]
    private static partial Regex KsefCertificateName();

    /// <summary>The PIN for keys made on a token (used when the issued certificate is joined with its key).</summary>
    public Pkcs11Pin? TokenPin { get; init; }

    /// <summary>For tests: runs after the certificate is retrieved and before it is stored (a crash there must be resumable).</summary>
    public Action? AfterRetrieve { get; init; }

    public async Task<CertificateLimits> LimitsAsync(CancellationToken cancellation)
    {
        var json = RequiredValues.Object(await session.SendAsync(HttpMethod.Get, "certificates/limits", cancellation, idempotent: true).ConfigureAwait(false));
        return new CertificateLimits(RequiredValues.Flag(json, "canRequest"),
            RequiredValues.Number(json, "enrollment", "remaining"), RequiredValues.Number(json, "enrollment", "limit"),
            RequiredValues.Number(json, "certificate", "remaining"), RequiredValues.Number(json, "certificate", "limit"));
    }

    /// <param name="onToken">Where to make the key pair instead of in this process: a PKCS#11 token, the key never leaving it.</param>
    public async Task<StoredCertificate> RequestAsync(string name, CertificateUsage usage, KeyAlgorithm algorithm, DateTimeOffset? validFrom,
        CancellationToken cancellation, TokenKeyPlacement? onToken = null)
    {
        if (!KsefCertificateName().IsMatch(name))
        {
            throw new KsefException(ErrorIds.NameInvalid, KsefErrorKind.InvalidArgument,
                $"'{name}' cannot name a KSeF certificate: 5–100 letters (Polish included), digits, spaces, '_' or '-'.", name);
        }
        using (var store = KsefStore.Open(storePath))
        {
            if (store.ListCertificates().Any(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase)))
            {
                throw new KsefException(ErrorIds.CertificateNameTaken, KsefErrorKind.ResourceExists,
                    $"A certificate named '{name}' is already in the store; choose another -Name.", name);
            }
        }
        progress?.Invoke("Checking limits", 5);
        var limits = await LimitsAsync(cancellation).ConfigureAwait(false);
        if (!limits.CanRequest || limits.EnrollmentsRemaining == 0 || limits.CertificatesRemaining == 0)
        {
            throw new KsefException(ErrorIds.CertificateLimitReached, KsefErrorKind.ResourceUnavailable,
                $"KSeF will not issue another certificate to {session.Subject}: {limits.EnrollmentsRemaining} of {limits.EnrollmentLimit} enrollments and " +
                $"{limits.CertificatesRemaining} of {limits.CertificateLimit} active certificates left. Revoke certificates you no longer use.");
        }

        progress?.Invoke("Reading enrollment data", 15);
        var data = EnrollmentData.FromJson(RequiredValues.Object(await session.SendAsync(HttpMethod.Get, "certificates/enrollments/data", cancellation, idempotent: true).ConfigureAwait(false)));
        using var made = MakeKey(data, algorithm, name, onToken);

        progress?.Invoke("Submitting the certificate request", 30);
        var body = new JsonObject
        {
            ["certificateName"] = name,
            ["certificateType"] = usage.ToString(),
            ["csr"] = Convert.ToBase64String(made.Csr),
        };
        if (validFrom is { } from)
        {
            body["validFrom"] = from.ToUniversalTime().ToString("O");
        }
        var accepted = RequiredValues.Object(await session.SendAsync(HttpMethod.Post, "certificates/enrollments", cancellation, body).ConfigureAwait(false));
        var reference = RequiredValues.Text(accepted, "referenceNumber");
        PendingEnrollment pending;
        using (var store = KsefStore.Open(storePath))
        {
            var pinToSave = made.PinToSave;
            try
            {
                pending = made.OnToken is { } tokenKey
                    ? store.AddPendingEnrollment(name, usage, session.Environment, session.ApiUrl, reference, tokenKey, pinToSave)
                    : store.AddPendingEnrollment(name, usage, session.Environment, session.ApiUrl, reference, made.Key);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(pinToSave);
            }
        }
        narrate?.Invoke(made.OnToken is null
            ? $"KSeF accepted enrollment {reference}; the key is sealed in the store until the certificate arrives."
            : $"KSeF accepted enrollment {reference}; the key stays on the token, the store keeps where it is.");
        return await CompleteAsync(pending, cancellation).ConfigureAwait(false);
    }

    private MadeKey MakeKey(EnrollmentData data, KeyAlgorithm algorithm, string name, TokenKeyPlacement? onToken)
    {
        if (onToken is null)
        {
            narrate?.Invoke($"Enrollment data: CN={data.CommonName}; making a {algorithm} key pair and a certificate request in this process.");
            var csr = CsrBuilder.Build(data, algorithm);
            return new MadeKey(csr.PrivateKey, csr.Der, null, null);
        }
        narrate?.Invoke($"Enrollment data: CN={data.CommonName}; making a {algorithm} key pair on the token in {onToken.LibraryPath} and signing the request there.");
        var generated = Pkcs11KeyPairs.Generate(onToken.LibraryPath, onToken.TokenLabel, onToken.TokenSerial, algorithm, name, onToken.Pin);
        try
        {
            return new MadeKey(generated.Key, CsrBuilder.Sign(data, generated.Key), generated.Reference, onToken.SavePin ? onToken.Pin : null);
        }
        catch
        {
            generated.Dispose();
            throw;
        }
    }

    /// <summary>The key of a request: in memory (sealed in the store once KSeF accepts), or on a token (only its reference is kept).</summary>
    private sealed class MadeKey(AsymmetricAlgorithm key, byte[] csr, Pkcs11KeyReference? onToken, Pkcs11Pin? pinToSave) : IDisposable
    {
        public AsymmetricAlgorithm Key => key;

        public byte[] Csr => csr;

        public Pkcs11KeyReference? OnToken => onToken;

        /// <summary>The PIN to seal with the entry, UTF-8; the caller zeroes it. Empty when the user did not ask to save it.</summary>
        public byte[] PinToSave => pinToSave?.ToSave() ?? [];

        public void Dispose() => key.Dispose();
    }

    /// <summary>Finishes enrollments an earlier run left pending against this session's KSeF.</summary>
    public async Task<IReadOnlyList<StoredCertificate>> ResumeAsync(CancellationToken cancellation)
    {
        IReadOnlyList<PendingEnrollment> pending;
        using (var store = KsefStore.Open(storePath))
        {
            pending = store.ListPendingEnrollments().Where(p => p.ApiUrl == session.ApiUrl).ToList();
        }
        var done = new List<StoredCertificate>();
        foreach (var enrollment in pending)
        {
            narrate?.Invoke($"Resuming enrollment {enrollment.ReferenceNumber} ('{enrollment.Name}').");
            done.Add(await CompleteAsync(enrollment, cancellation).ConfigureAwait(false));
        }
        return done;
    }

    private async Task<StoredCertificate> CompleteAsync(PendingEnrollment pending, CancellationToken cancellation)
    {
        progress?.Invoke($"Waiting for KSeF to issue the certificate ({pending.ReferenceNumber})", 50);
        var status = await Api.StatusPolling.UntilDoneAsync(
            async () => RequiredValues.Object(await session.SendAsync(HttpMethod.Get, "certificates/enrollments/" + pending.ReferenceNumber, cancellation, idempotent: true).ConfigureAwait(false)),
            session.Http.Options.AuthenticationTimeout,
            wait => Task.Delay(wait, cancellation),
            failure =>
            {
                using (var store = KsefStore.Open(storePath))
                {
                    store.RemovePendingEnrollment(pending.Id);
                }
                return new KsefException(ErrorIds.EnrollmentRejected, KsefErrorKind.InvalidOperation,
                    $"KSeF rejected enrollment {pending.ReferenceNumber}: {failure}. Nothing was stored.", pending.ReferenceNumber)
                {
                    Server = failure.AsServerError(pending.ReferenceNumber),
                };
            },
            () => new KsefException(ErrorIds.EnrollmentTimeout, KsefErrorKind.ResourceUnavailable,
                $"KSeF has not finished enrollment {pending.ReferenceNumber}; it stays pending in the store: run Request-KsefCertificate -Resume later.", pending.ReferenceNumber)).ConfigureAwait(false);

        var serial = RequiredValues.Text(status, "certificateSerialNumber");
        progress?.Invoke($"Retrieving certificate {serial}", 80);
        var retrieved = RequiredValues.Object(await session.SendAsync(HttpMethod.Post, "certificates/retrieve", cancellation,
            new JsonObject { ["certificateSerialNumbers"] = new JsonArray(serial) }, idempotent: true).ConfigureAwait(false));
        var item = RequiredValues.List(retrieved, "certificates").FirstOrDefault(c => AnswerValues.Text(AnswerValues.At(c, "certificateSerialNumber")) == serial)
            ?? throw new KsefException(ErrorIds.KsefAnswerInvalid, KsefErrorKind.InvalidData, $"KSeF's answer to certificates/retrieve holds no certificate {serial}.", serial);
        using var certificate = RequiredValues.Certificate(item, "certificate");
        AfterRetrieve?.Invoke();

        progress?.Invoke("Storing the certificate with its key", 95);
        using var store2 = KsefStore.Open(storePath);
        var stored = store2.CompletePendingEnrollment(pending, certificate, TokenPin, narrate);
        narrate?.Invoke(FormattableString.Invariant($"Certificate {serial} stored as '{stored.Name}' ({stored.Usage}, {stored.Environment}), valid until {stored.NotAfter:yyyy-MM-dd}."));
        return stored;
    }

    /// <summary>
    /// Everything KSeF issued to the subject, page by page (filters as BRIEF §6.7). Local entries are matched by serial
    /// number, and those KSeF reports Revoked or Blocked are marked revoked in the store.
    /// </summary>
    public async Task<IReadOnlyList<IssuedCertificate>> QueryAsync(IssuedCertificateFilter query, CancellationToken cancellation)
    {
        var filter = query.ToJson();
        var items = new List<JsonNode>();
        for (var page = 0; ; page++)
        {
            var json = RequiredValues.Object(await session.SendAsync(HttpMethod.Post, $"certificates/query?pageSize=50&pageOffset={page}", cancellation,
                filter.DeepClone(), idempotent: true).ConfigureAwait(false));
            items.AddRange(RequiredValues.Entries(json["certificates"], "certificates"));
            if (!RequiredValues.Flag(json, "hasMore"))
            {
                break;
            }
        }
        using var store = KsefStore.Open(storePath);
        var local = store.ListCertificates().Where(c => c.Environment == session.Environment).ToList();
        var result = new List<IssuedCertificate>();
        foreach (var item in items)
        {
            var serial = RequiredValues.Text(item, "certificateSerialNumber");
            var status = RequiredValues.Text(item, "status");
            var entry = local.FirstOrDefault(c => c.SerialNumber == serial);
            if (entry is { Revoked: null } && status is "Revoked" or "Blocked")
            {
                store.MarkRevoked(entry.Id, "Reported by KSeF", DateTimeOffset.UtcNow);
            }
            var type = AnswerValues.Text(item["type"]) ?? "";
            result.Add(new IssuedCertificate(serial, RequiredValues.Text(item, "name"), Enum.TryParse<CertificateUsage>(type, out var usage) ? usage : null,
                RequiredValues.Text(item, "commonName"), status,
                item["subjectIdentifier"] is JsonObject subject ? $"{subject["type"]}:{subject["value"]}" : "",
                RequiredValues.Date(item, "validFrom"), RequiredValues.Date(item, "validTo"),
                RequiredValues.Date(item, "requestDate"),
                AnswerValues.Date(item["lastUseDate"]), entry?.Name) { Type = UntrustedText.Quote(type) });
        }
        return result;
    }

    /// <summary>Revokes at KSeF and marks the matching local entries (by serial number).</summary>
    public async Task RevokeAsync(string serialNumber, string? reason, CancellationToken cancellation)
    {
        serialNumber = KsefCertificateSerial.Require(serialNumber);
        var body = new JsonObject();
        if (reason is not null)
        {
            body["revocationReason"] = reason;
        }
        await session.SendAsync(HttpMethod.Post, $"certificates/{serialNumber}/revoke", cancellation, body).ConfigureAwait(false);
        using var store = KsefStore.Open(storePath);
        foreach (var entry in store.ListCertificates().Where(c => c.SerialNumber == serialNumber && c.Environment == session.Environment))
        {
            store.MarkRevoked(entry.Id, reason ?? "Unspecified", DateTimeOffset.UtcNow);
        }
    }
}
