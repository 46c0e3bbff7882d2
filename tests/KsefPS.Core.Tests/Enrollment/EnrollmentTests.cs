using System.Security.Cryptography.X509Certificates;
using KsefPS.Core.Api;
using KsefPS.Core.Api.Auth;
using KsefPS.Core.Certificates;
using KsefPS.Core.Certificates.Enrollment;
using KsefPS.Core.Environments;
using KsefPS.Core.Errors;
using KsefPS.Core.Identifiers;
using KsefPS.Core.Security;
using KsefPS.Core.Sessions;
using KsefPS.Core.Status;
using KsefPS.Core.Store;
using KsefPS.Core.Tests.Sessions;
using KsefPS.Core.Tests.Support;
using KsefPS.Core.Tokens;
using KsefPS.Testing;

namespace KsefPS.Core.Tests.Enrollment;

public sealed class EnrollmentTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly EmulatorProcess _emulator = EmulatorProcess.Start("--Emulator:AuthProcessingDelay=00:00:00",
        "--Emulator:EnrollmentProcessingDelay=00:00:00.100", "--Emulator:RateLimits=false");
    private readonly string _nip = Nip.NewRandom();

    private string StorePath => _dir.File("store.db");

    public void Dispose()
    {
        _emulator.Dispose();
        _dir.Dispose();
    }

    private Task<KsefSession> ConnectSelfSigned(KeyAlgorithm algorithm = KeyAlgorithm.EcP256) =>
        EngineEmulatorFixture.ConnectAsync(_emulator, EngineEmulatorFixture.Personal(_nip, algorithm), EngineEmulatorFixture.Nip(_nip));

    private Task<KsefSession> ConnectStored(StoredCertificate entry) =>
        KsefConnector.ConnectAsync(KsefEnvironment.Test, new KsefHttpClient(_emulator.Url, new KsefApiOptions()), EngineEmulatorFixture.Nip(_nip),
            new SessionCredential.Certificate(entry.Name, new SubjectIdentity(entry.IdentifierType, entry.Identifier), SubjectIdentifierType.CertificateSubject,
                () => { using var store = KsefStore.Open(StorePath); return store.OpenCertificate(entry); }), null, null, CancellationToken.None);

    [Theory]
    [InlineData(KeyAlgorithm.EcP256)]
    [InlineData(KeyAlgorithm.Rsa2048)]
    public async Task Enrolled_certificates_have_the_KSeF_profile_and_the_authentication_one_logs_in_until_revoked(KeyAlgorithm algorithm)
    {
        var session = await ConnectSelfSigned();
        var enrollment = new KsefCertificateEnrollment(session, StorePath);
        var auth = await enrollment.RequestAsync("Auth cert", CertificateUsage.Authentication, algorithm, null, CancellationToken.None);
        var offline = await enrollment.RequestAsync("Offline cert", CertificateUsage.Offline, algorithm, null, CancellationToken.None);

        AssertProfile(auth.Certificate, X509KeyUsageFlags.DigitalSignature, algorithm);
        AssertProfile(offline.Certificate, X509KeyUsageFlags.NonRepudiation, algorithm);
        Assert.Equal(KsefEnvironment.Test, auth.Environment);
        Assert.Equal($"Nip:{_nip}", $"{auth.IdentifierType}:{auth.Identifier}");
        using (var store = KsefStore.Open(StorePath))
        using (var keyed = store.OpenCertificate(auth))
        {
            Assert.True(keyed.Certificate.RawData.SequenceEqual(auth.Certificate.RawData));
            Assert.Empty(store.ListPendingEnrollments());
        }

        var withKsefCertificate = await ConnectStored(auth);
        Assert.Equal("InternalCertificate", withKsefCertificate.AuthenticationMethod);

        var offlineLogin = await Assert.ThrowsAsync<KsefException>(() => ConnectStored(offline));
        Assert.Equal(ErrorIds.CertificateRejected, offlineLogin.ErrorId);
        Assert.Equal(460, offlineLogin.Server!.FirstCode);

        await enrollment.RevokeAsync(auth.SerialNumber, "KeyCompromise", CancellationToken.None);
        using (var store = KsefStore.Open(StorePath))
        {
            Assert.Equal(CertificateStatus.Revoked, store.FindCertificate(auth.Id)!.Status);
        }
        var revokedLogin = await Assert.ThrowsAsync<KsefException>(() => ConnectStored(auth));
        Assert.Equal(ErrorIds.CertificateRejected, revokedLogin.ErrorId);
        Assert.Equal(460, revokedLogin.Server!.FirstCode);

        var issued = await enrollment.QueryAsync(new IssuedCertificateFilter(), CancellationToken.None);
        Assert.Equal("Revoked", issued.Single(i => i.SerialNumber == auth.SerialNumber).Status);
        Assert.Equal("Offline cert", issued.Single(i => i.SerialNumber == offline.SerialNumber).StoredAs);
    }

    private static void AssertProfile(X509Certificate2 certificate, X509KeyUsageFlags usage, KeyAlgorithm algorithm)
    {
        var keyUsage = certificate.Extensions.OfType<X509KeyUsageExtension>().Single();
        Assert.True(keyUsage.Critical);
        Assert.Equal(usage, keyUsage.KeyUsages);
        var basic = certificate.Extensions.OfType<X509BasicConstraintsExtension>().Single();
        Assert.True(basic.Critical);
        Assert.False(basic.CertificateAuthority);
        Assert.Single(certificate.Extensions.OfType<X509SubjectKeyIdentifierExtension>());
        Assert.Single(certificate.Extensions.OfType<X509AuthorityKeyIdentifierExtension>());
        Assert.Equal(8, certificate.SerialNumberBytes.Length);
        Assert.Matches("^[0-7][0-9A-F]{15}$", certificate.SerialNumber);
        Assert.Equal(certificate.NotBefore.AddYears(2), certificate.NotAfter);
        Assert.Equal(algorithm == KeyAlgorithm.Rsa2048 ? "1.2.840.113549.1.1.1" : "1.2.840.10045.2.1", certificate.GetKeyAlgorithm());
    }

    [Theory]
    [InlineData(KeyAlgorithm.EcP256)]
    [InlineData(KeyAlgorithm.Rsa2048)]
    public void Openssl_verifies_our_CSRs_and_their_subject_is_exactly_the_enrollment_data(KeyAlgorithm algorithm)
    {
        var data = new EnrollmentData("Firma Kowalski Certyfikat", "PL", null, null, "ABC123456789", "d9d22724-4696-460c-9e5e-b9e3aafb0af3",
            "Firma Kowalski Sp. z o.o.", "7762811692");
        var csr = CsrBuilder.Build(data, algorithm);
        using var key = csr.PrivateKey;
        File.WriteAllBytes(_dir.File("request.der"), csr.Der);
        var (exitCode, output) = ExternalTool.Run("openssl", _dir.Path, "req", "-in", "request.der", "-inform", "DER", "-verify", "-noout", "-subject", "-nameopt", "RFC2253");
        Assert.True(exitCode == 0, output);
        Assert.Contains("verify OK", output, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("CN=Firma Kowalski Certyfikat", output);
        var oids = CertificateRequest.LoadSigningRequest(csr.Der, System.Security.Cryptography.HashAlgorithmName.SHA256)
            .SubjectName.EnumerateRelativeDistinguishedNames(reversed: false).Select(r => r.GetSingleElementType().Value).ToList();
        Assert.Equal(["2.5.4.3", "2.5.4.10", "2.5.4.97", "2.5.4.6", "2.5.4.5", "2.5.4.45"], oids);
    }

    [Fact]
    public void The_client_never_sends_a_CSR_whose_subject_differs_from_the_enrollment_data()
    {
        var data = new EnrollmentData("Jan Test", "PL", "Jan", "Test", "TINPL-5265877635", null, null, null);
        var other = CsrBuilder.Build(data with { CommonName = "Someone Else" }, KeyAlgorithm.EcP256);
        other.PrivateKey.Dispose();
        var error = Assert.Throws<KsefException>(() => CsrBuilder.EnsureSubjectIs(other.Der, data));
        Assert.Equal(ErrorIds.CsrSubjectMismatch, error.ErrorId);
    }

    [Fact]
    public async Task Limits_exhausted_fail_before_anything_is_made_or_sent()
    {
        var session = await ConnectSelfSigned();
        var enrollment = new KsefCertificateEnrollment(session, StorePath);
        await enrollment.RequestAsync("First cert", CertificateUsage.Authentication, KeyAlgorithm.EcP256, null, CancellationToken.None);
        await KsefTestLimits.SetCertificateLimitsAsync(session, maxEnrollments: null, maxCertificates: 1, CancellationToken.None);
        var error = await Assert.ThrowsAsync<KsefException>(() =>
            enrollment.RequestAsync("Second cert", CertificateUsage.Offline, KeyAlgorithm.EcP256, null, CancellationToken.None));
        Assert.Equal(ErrorIds.CertificateLimitReached, error.ErrorId);
        Assert.Equal(1, _emulator.Received("POST /v2/certificates/enrollments"));
        Assert.Equal(1, _emulator.Received("GET /v2/certificates/enrollments/data"));
        using var store = KsefStore.Open(StorePath);
        Assert.Single(store.ListCertificates());
        Assert.Empty(store.ListPendingEnrollments());
    }

    [Fact]
    public async Task A_token_authenticated_session_cannot_enroll()
    {
        var owner = await ConnectSelfSigned();
        var (reference, token) = await KsefTokens.CreateAsync(owner, [KsefTokenPermission.CredentialsManage], "enrollment test", null, CancellationToken.None);
        Assert.Equal("Active", (await KsefTokens.WaitWhilePendingAsync(owner, reference, [], TimeSpan.FromMinutes(1), CancellationToken.None)).Status);
        var session = await KsefConnector.ConnectAsync(KsefEnvironment.Test, new KsefHttpClient(_emulator.Url, new KsefApiOptions()), EngineEmulatorFixture.Nip(_nip),
            new SessionCredential.KsefToken("token", () => token.Copy()), null, null, CancellationToken.None);
        var error = await Assert.ThrowsAsync<KsefException>(() =>
            new KsefCertificateEnrollment(session, StorePath).RequestAsync("Token cert", CertificateUsage.Authentication, KeyAlgorithm.EcP256, null, CancellationToken.None));
        Assert.Equal(ErrorIds.EnrollmentNotAllowed, error.ErrorId);
        Assert.Equal(25001, error.Server!.FirstCode);
        Assert.Equal(0, _emulator.Received("POST /v2/certificates/enrollments"));
        var revoke = await Assert.ThrowsAsync<KsefException>(() =>
            new KsefCertificateEnrollment(session, StorePath).RevokeAsync("0123456789ABCDEF", null, CancellationToken.None));
        Assert.Equal(ErrorIds.EnrollmentNotAllowed, revoke.ErrorId);
        Assert.Equal(25002, revoke.Server!.FirstCode);
    }

    [Fact]
    public async Task A_request_KSeF_refuses_leaves_nothing_stored()
    {
        var session = await ConnectSelfSigned();
        _emulator.AddFault(new { pathPrefix = "/v2/certificates/enrollments", method = "POST", kind = "ServerError", status = 400, times = 1 });
        var error = await Assert.ThrowsAsync<KsefException>(() =>
            new KsefCertificateEnrollment(session, StorePath).RequestAsync("Refused cert", CertificateUsage.Authentication, KeyAlgorithm.EcP256, null, CancellationToken.None));
        Assert.Equal(400, error.Server!.HttpStatus);
        using var store = KsefStore.Open(StorePath);
        Assert.Empty(store.ListCertificates());
        Assert.Empty(store.ListPendingEnrollments());
    }

    [Fact]
    public async Task A_crash_between_retrieve_and_store_is_resumed_with_the_kept_reference_and_key()
    {
        var session = await ConnectSelfSigned();
        var crashing = new KsefCertificateEnrollment(session, StorePath) { AfterRetrieve = () => throw new IOException("simulated crash") };
        await Assert.ThrowsAsync<IOException>(() => crashing.RequestAsync("Resumed cert", CertificateUsage.Offline, KeyAlgorithm.EcP256, null, CancellationToken.None));
        PendingEnrollment pending;
        using (var store = KsefStore.Open(StorePath))
        {
            Assert.Empty(store.ListCertificates());
            pending = Assert.Single(store.ListPendingEnrollments());
            Assert.Matches("-EH-", pending.ReferenceNumber);
        }

        var resumed = Assert.Single(await new KsefCertificateEnrollment(session, StorePath).ResumeAsync(CancellationToken.None));
        Assert.Equal("Resumed cert", resumed.Name);
        Assert.Equal(CertificateUsage.Offline, resumed.Usage);
        using (var store = KsefStore.Open(StorePath))
        {
            Assert.Empty(store.ListPendingEnrollments());
            using var keyed = store.OpenCertificate(resumed);
            Assert.True(KeyMaterial.Matches(keyed.Certificate, keyed.PrivateKey));
        }
        Assert.Equal(1, _emulator.Received("POST /v2/certificates/enrollments"));
    }
}
