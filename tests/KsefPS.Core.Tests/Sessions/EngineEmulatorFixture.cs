using KsefPS.Core.Api;
using KsefPS.Core.Api.Auth;
using KsefPS.Core.Certificates;
using KsefPS.Core.Environments;
using KsefPS.Core.Identifiers;
using KsefPS.Core.Sessions;
using KsefPS.Testing;

namespace KsefPS.Core.Tests.Sessions;

/// <summary>One emulator with no processing delay for a test class; tests that need other settings start their own.</summary>
public sealed class EngineEmulatorFixture : IDisposable
{
    public EmulatorProcess Emulator { get; } = EmulatorProcess.Start("--Emulator:AuthProcessingDelay=00:00:00.050");

    public void Dispose() => Emulator.Dispose();

    public static KeyedCertificate Personal(string nip, KeyAlgorithm algorithm = KeyAlgorithm.EcP256) =>
        TestCertificateFactory.Create(new TestCertificateRequest { GivenName = "Jan", Surname = "Test", Nip = nip, KeyAlgorithm = algorithm });

    public static KeyedCertificate Seal(string nip, KeyAlgorithm algorithm = KeyAlgorithm.Rsa2048) =>
        TestCertificateFactory.Create(new TestCertificateRequest { OrganizationName = "Test Org", Nip = nip, KeyAlgorithm = algorithm });

    public static Task<KsefSession> ConnectAsync(EmulatorProcess emulator, KeyedCertificate signer, ContextIdentifier context,
        SubjectIdentifierType subjectType = SubjectIdentifierType.CertificateSubject, KsefApiOptions? options = null, Action<string>? narrate = null,
        KsefEnvironment environment = KsefEnvironment.Test)
    {
        var http = new KsefHttpClient(emulator.Url, options ?? new KsefApiOptions { BackoffBase = TimeSpan.FromMilliseconds(20) }, narrate);
        var credential = SessionCredential.Certificate.InMemory(signer, "test certificate", subjectType);
        return KsefConnector.ConnectAsync(environment, http, context, credential, null, narrate, CancellationToken.None);
    }

    public static ContextIdentifier Nip(string nip) => ContextIdentifier.Create(ContextIdentifierType.Nip, nip);
}
