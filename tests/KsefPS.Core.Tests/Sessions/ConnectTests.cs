using System.Net.Http.Json;
using System.Text.Json.Nodes;
using KsefPS.Core.Api;
using KsefPS.Core.Api.Auth;
using KsefPS.Core.Certificates;
using KsefPS.Core.Environments;
using KsefPS.Core.Errors;
using KsefPS.Core.Identifiers;
using KsefPS.Core.Permissions;
using KsefPS.Core.Security;
using KsefPS.Core.Sessions;
using KsefPS.Core.Tests.Support;
using KsefPS.Core.Tokens;

namespace KsefPS.Core.Tests.Sessions;

public sealed class ConnectTests(EngineEmulatorFixture fixture) : IClassFixture<EngineEmulatorFixture>
{
    private readonly Testing.EmulatorProcess _emulator = fixture.Emulator;

    public static TheoryData<KeyAlgorithm, bool> Certificates => new()
    {
        { KeyAlgorithm.EcP256, false }, { KeyAlgorithm.Rsa2048, false }, { KeyAlgorithm.EcP256, true }, { KeyAlgorithm.Rsa2048, true },
    };

    [Theory]
    [MemberData(nameof(Certificates))]
    public async Task Personal_and_seal_certificates_RSA_and_EC_log_in_as_owner(KeyAlgorithm algorithm, bool seal)
    {
        var nip = Nip.NewRandom();
        var signer = seal ? EngineEmulatorFixture.Seal(nip, algorithm) : EngineEmulatorFixture.Personal(nip, algorithm);
        var session = await EngineEmulatorFixture.ConnectAsync(_emulator, signer, EngineEmulatorFixture.Nip(nip));
        Assert.Equal(KsefSessionState.Active, session.State);
        Assert.Equal($"Nip:{nip}", session.Subject);
        Assert.Equal(seal ? "QualifiedSeal" : "QualifiedSignature", session.AuthenticationMethod);
        Assert.Matches(@"^\d{8}-AU-[0-9A-F]{10}-[0-9A-F]{10}-[0-9A-F]{2}$", session.ReferenceNumber);
        Assert.True(session.AccessTokenExpires > DateTimeOffset.UtcNow);
        var sessions = await session.SendAsync(HttpMethod.Get, "auth/sessions", CancellationToken.None, idempotent: true);
        Assert.Contains(sessions!["items"]!.AsArray(), i => i!["referenceNumber"]!.GetValue<string>() == session.ReferenceNumber && i["isCurrent"]!.GetValue<bool>());
        await session.DisconnectAsync(CancellationToken.None);
        Assert.Equal(KsefSessionState.Disconnected, session.State);
        var closed = await Assert.ThrowsAsync<KsefException>(() => session.AccessTokenAsync(CancellationToken.None));
        Assert.Equal(ErrorIds.SessionClosed, closed.ErrorId);
    }

    [Fact]
    public async Task Internal_id_context_of_the_owner()
    {
        var nip = Nip.NewRandom();
        var internalId = InternalIdFor(nip);
        var session = await EngineEmulatorFixture.ConnectAsync(_emulator, EngineEmulatorFixture.Personal(nip),
            ContextIdentifier.Create(ContextIdentifierType.InternalId, internalId));
        Assert.Equal(ContextIdentifierType.InternalId, session.Context.Type);
    }

    [Fact]
    public async Task Nip_vat_ue_context_by_fingerprint_after_a_grant()
    {
        var nip = Nip.NewRandom();
        var signer = EngineEmulatorFixture.Seal(Nip.NewRandom());
        var fingerprint = SubjectIdentity.Sha256Fingerprint(signer.Certificate);
        // The owner makes the seal's holder administrator of the EU entity: that grant opens the composite context.
        var owner = await EngineEmulatorFixture.ConnectAsync(_emulator, EngineEmulatorFixture.Personal(nip), EngineEmulatorFixture.Nip(nip));
        await KsefPermissions.GrantAsync(owner, new PermissionGrantRequest
        {
            Kind = GrantKind.EuAdministrator,
            Subject = new PermissionSubject(PermissionSubjectType.Fingerprint, fingerprint),
            Permissions = [KsefPermission.VatUeManage],
            Description = "EU entity test",
            EntityName = "Muller GmbH",
            EntityAddress = "Berlin",
            VatUe = "DE123456789",
            EuEntityName = "Muller GmbH",
            EuEntityAddress = "Berlin",
            ContextNip = nip,
        }, null, CancellationToken.None);
        var session = await EngineEmulatorFixture.ConnectAsync(_emulator, signer,
            ContextIdentifier.Create(ContextIdentifierType.NipVatUe, nip + "-DE123456789"), SubjectIdentifierType.CertificateFingerprint);
        Assert.Equal($"Fingerprint:{fingerprint}", session.Subject);
    }

    [Fact]
    public async Task A_subject_without_rights_in_the_context_is_refused_with_415()
    {
        var error = await Assert.ThrowsAsync<KsefException>(() =>
            EngineEmulatorFixture.ConnectAsync(_emulator, EngineEmulatorFixture.Personal(Nip.NewRandom()), EngineEmulatorFixture.Nip(Nip.NewRandom())));
        Assert.Equal(ErrorIds.NoPermissionsInContext, error.ErrorId);
        Assert.Equal(415, error.Server!.FirstCode);
        Assert.Matches("-AU-", error.Server.ReferenceNumber);
    }

    [Fact]
    public async Task A_certificate_without_identifier_by_subject_is_refused_with_21115()
    {
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=nobody, SERIALNUMBER=TINPL-111111, C=PL", key, System.Security.Cryptography.HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        var keyed = CertificateFileReader.FromCertificate(certificate);
        var error = await Assert.ThrowsAsync<KsefException>(() => EngineEmulatorFixture.ConnectAsync(_emulator, keyed, EngineEmulatorFixture.Nip(Nip.NewRandom())));
        Assert.Equal(ErrorIds.AuthenticationRejected, error.ErrorId);
        Assert.Equal(21115, error.Server!.FirstCode);
    }

    [Fact]
    public async Task A_subject_identifier_wrong_for_the_context_type_is_refused_with_21117()
    {
        var nip = Nip.NewRandom();
        var error = await Assert.ThrowsAsync<KsefException>(() => EngineEmulatorFixture.ConnectAsync(_emulator, EngineEmulatorFixture.Seal(nip),
            ContextIdentifier.Create(ContextIdentifierType.NipVatUe, nip + "-DE123456789")));
        Assert.Equal(ErrorIds.AuthenticationRejected, error.ErrorId);
        Assert.Equal(21117, error.Server!.FirstCode);
    }

    [Fact]
    public async Task An_expired_challenge_fails_with_ChallengeInvalid_and_21111()
    {
        using var emulator = Testing.EmulatorProcess.Start("--Emulator:ChallengeLifetime=00:00:00", "--Emulator:RateLimits=false");
        var nip = Nip.NewRandom();
        var error = await Assert.ThrowsAsync<KsefException>(() => EngineEmulatorFixture.ConnectAsync(emulator, EngineEmulatorFixture.Personal(nip), EngineEmulatorFixture.Nip(nip)));
        Assert.Equal(ErrorIds.ChallengeInvalid, error.ErrorId);
        Assert.Equal(21111, error.Server!.FirstCode);
        Assert.Contains("expired", error.Message);
    }

    [Fact]
    public async Task A_tampered_signature_fails_with_SignatureInvalid_and_9105()
    {
        var nip = Nip.NewRandom();
        var http = new KsefHttpClient(_emulator.Url, new KsefApiOptions());
        var challenge = (await http.SendAsync(HttpMethod.Post, "auth/challenge", CancellationToken.None))!["challenge"]!.GetValue<string>();
        using var signer = EngineEmulatorFixture.Personal(nip);
        var signed = KsefPS.Core.Signing.XadesSigner.SignEnveloped(
            AuthTokenRequestXml.Build(challenge, EngineEmulatorFixture.Nip(nip), SubjectIdentifierType.CertificateSubject), signer);
        var tampered = signed.Replace("certificateSubject", "certificateFingerprint", StringComparison.Ordinal);
        var error = await Assert.ThrowsAsync<KsefException>(() => http.SendAsync(HttpMethod.Post, "auth/xades-signature", CancellationToken.None, xml: tampered));
        Assert.Equal(ErrorIds.SignatureInvalid, error.ErrorId);
        Assert.Equal(9105, error.Server!.FirstCode);
    }

    [Fact]
    public async Task Ksef_token_login_and_revocation()
    {
        var nip = Nip.NewRandom();
        var owner = await EngineEmulatorFixture.ConnectAsync(_emulator, EngineEmulatorFixture.Personal(nip), EngineEmulatorFixture.Nip(nip));
        var (reference, secret) = await KsefTokens.CreateAsync(owner, [KsefTokenPermission.InvoiceRead], "token test", null, CancellationToken.None);
        var credential = new SessionCredential.KsefToken("test token", () => secret.Copy());
        var http = new KsefHttpClient(_emulator.Url, new KsefApiOptions());
        Assert.Equal("Active", (await KsefTokens.WaitWhilePendingAsync(owner, reference, [], TimeSpan.FromMinutes(1), CancellationToken.None)).Status); // it logs in only when Active

        var session = await KsefConnector.ConnectAsync(KsefEnvironment.Test, http, EngineEmulatorFixture.Nip(nip), credential, null, null, CancellationToken.None);
        Assert.Equal("Token", session.AuthenticationMethod);

        await KsefTokens.RevokeAsync(owner, reference, CancellationToken.None);
        var error = await Assert.ThrowsAsync<KsefException>(() =>
            KsefConnector.ConnectAsync(KsefEnvironment.Test, http, EngineEmulatorFixture.Nip(nip), credential, null, null, CancellationToken.None));
        Assert.Equal(ErrorIds.KsefTokenInvalid, error.ErrorId);
        Assert.Equal(450, error.Server!.FirstCode);
    }

    [Fact]
    public async Task Narration_tells_each_step_and_never_a_token()
    {
        var nip = Nip.NewRandom();
        var lines = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var session = await EngineEmulatorFixture.ConnectAsync(_emulator, EngineEmulatorFixture.Personal(nip), EngineEmulatorFixture.Nip(nip), narrate: lines.Enqueue);
        var text = string.Join("\n", lines);
        Assert.Contains("auth/challenge", text);
        Assert.Contains("auth/xades-signature", text);
        Assert.Contains("auth/token/redeem", text);
        Assert.DoesNotContain("eyJ", text); // no JWT
        Assert.DoesNotContain(await session.AccessTokenAsync(CancellationToken.None), text);
        Assert.DoesNotContain("eyJ", session.ToString());
    }

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("127.0.0.0/8", true)]
    [InlineData("127.0.0.0-127.0.0.9", true)]
    [InlineData("10.1.2.3", false)]
    public async Task An_IP_policy_limits_where_the_tokens_may_be_used(string allowed, bool fromLoopback)
    {
        var nip = Nip.NewRandom();
        var http = new KsefHttpClient(_emulator.Url, new KsefApiOptions());
        var credential = SessionCredential.Certificate.InMemory(EngineEmulatorFixture.Personal(nip), "test", SubjectIdentifierType.CertificateSubject);
        var session = await KsefConnector.ConnectAsync(KsefEnvironment.Test, http, EngineEmulatorFixture.Nip(nip), credential,
            IpPolicy.Parse([allowed]), null, CancellationToken.None);
        var call = session.SendAsync(HttpMethod.Get, "auth/sessions", CancellationToken.None, idempotent: true);
        if (fromLoopback)
        {
            Assert.NotNull(await call);
        }
        else
        {
            var error = await Assert.ThrowsAsync<KsefException>(() => call);
            Assert.Equal(ErrorIds.KsefForbidden, error.ErrorId);
            Assert.Equal("ip-not-allowed", error.Server!.ReasonCode);
        }
    }

    internal static string InternalIdFor(string nip)
    {
        for (var suffix = 0; ; suffix++)
        {
            var candidate = $"{nip}-{suffix:D5}";
            if (ContextIdentifier.InternalIdChecksumValid(candidate))
            {
                return candidate;
            }
        }
    }
}
