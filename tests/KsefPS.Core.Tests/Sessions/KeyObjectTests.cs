using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using KsefPS.Core.Api;
using KsefPS.Core.Api.Auth;
using KsefPS.Core.Certificates;
using KsefPS.Core.Environments;
using KsefPS.Core.Identifiers;
using KsefPS.Core.Offline;
using KsefPS.Core.Sessions;
using KsefPS.Testing;

namespace KsefPS.Core.Tests.Sessions;

/// <summary>
/// A caller's certificate object whose key must not be copied: the session signs with the key object each time it
/// authenticates. .NET on Linux does not enforce a software key's non-exportable flag, so the keys here sign through a
/// wrapper that counts signatures and throws on every export: a pass proves nothing exported them.
/// </summary>
public sealed class KeyObjectTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(40);

    [Theory]
    [InlineData(KeyAlgorithm.EcP256)]
    [InlineData(KeyAlgorithm.Rsa2048)]
    public async Task A_key_that_refuses_export_connects_and_authenticates_again_when_the_refresh_token_expires(KeyAlgorithm algorithm)
    {
        using var emulator = EmulatorProcess.Start("--Emulator:AuthProcessingDelay=00:00:00", "--Emulator:AccessTokenLifetime=00:00:02",
            "--Emulator:RefreshTokenLifetime=00:00:03", "--Emulator:RateLimits=false");
        var nip = Nip.NewRandom();
        using var keyed = EngineEmulatorFixture.Personal(nip, algorithm);
        using var certificate = X509CertificateLoader.LoadCertificate(keyed.Certificate.RawData);
        var keys = new List<ExportRefusingKey>();
        var credential = SessionCredential.Certificate.OfKeyObject(certificate, "test certificate object", SubjectIdentifierType.CertificateSubject, _ =>
        {
            var key = ExportRefusingKey.Wrap(keyed.PrivateKey);
            keys.Add(key);
            return key.Algorithm;
        });
        var http = new KsefHttpClient(emulator.Url, new KsefApiOptions { BackoffBase = TimeSpan.FromMilliseconds(20) }, null);

        var session = await KsefConnector.ConnectAsync(KsefEnvironment.Test, http, EngineEmulatorFixture.Nip(nip), credential, null, null, CancellationToken.None);
        var until = DateTimeOffset.UtcNow + Deadline;
        while (session.Reauthentications < 1 && DateTimeOffset.UtcNow < until)
        {
            await session.SendAsync(HttpMethod.Get, "auth/sessions", CancellationToken.None, idempotent: true);
        }

        Assert.Equal(1, session.Reauthentications);
        Assert.Equal(2, keys.Count);
        Assert.All(keys, key => Assert.Equal(1, key.Signatures));
        Assert.All(keys, key => Assert.Equal(0, key.ExportAttempts));
    }

    [Fact]
    public void KOD_II_is_signed_on_every_thread_with_key_objects_that_refuse_export()
    {
        using var dir = new Support.TempDirectory();
        using var keyed = TestCertificateFactory.Create(new TestCertificateRequest { OrganizationName = "O", Nip = "5265877635", Usage = CertificateUsage.Offline });
        var template = File.ReadAllText(Support.Repository.Spec("samples", "invoice-template-fa-3.xml")).Replace("#nip#", "5265877635");
        var files = Enumerable.Range(1, 40).Select(i =>
        {
            var path = dir.File($"fv-{i}.xml");
            File.WriteAllText(path, template.Replace("#invoice_number#", $"K-{i}"));
            return path;
        }).ToList();
        var keys = new System.Collections.Concurrent.ConcurrentBag<ExportRefusingKey>();
        AsymmetricAlgorithm Open()
        {
            var key = ExportRefusingKey.Wrap(keyed.PrivateKey);
            keys.Add(key);
            return key.Algorithm;
        }
        using var signer = new KeyedCertificate(X509CertificateLoader.LoadCertificate(keyed.Certificate.RawData), Open(), Open);
        using var protector = new OfflineProtector(signer, KsefEnvironment.Test, null, OfflineMode.Offline24, null, null, [], validateSchema: false);

        var results = files.AsParallel().WithDegreeOfParallelism(4).Select(protector.Protect).ToList();

        Assert.All(results, r => Assert.True(VerificationLinks.VerifySignature(VerificationLinks.ParseCertificateLink(r.CertificateLink), keyed.Certificate)));
        Assert.Equal(files.Count, keys.Sum(k => k.Signatures));
        Assert.All(keys, k => Assert.Equal(0, k.ExportAttempts));
    }

    /// <summary>A key object that signs with the real key and refuses to give up its private half.</summary>
    private sealed class ExportRefusingKey
    {
        public int Signatures;
        public int ExportAttempts;

        public AsymmetricAlgorithm Algorithm { get; private set; } = null!;

        public static ExportRefusingKey Wrap(AsymmetricAlgorithm inner)
        {
            var key = new ExportRefusingKey();
            key.Algorithm = inner is ECDsa ec ? new RefusingEcdsa(ec, key) : new RefusingRsa((RSA)inner, key);
            return key;
        }

        private T Refuse<T>()
        {
            Interlocked.Increment(ref ExportAttempts);
            throw new CryptographicException("This key does not leave its device.");
        }

        private sealed class RefusingEcdsa : ECDsa
        {
            private readonly ECDsa _inner;
            private readonly ExportRefusingKey _counter;

            public RefusingEcdsa(ECDsa inner, ExportRefusingKey counter)
            {
                _inner = inner;
                _counter = counter;
                KeySizeValue = inner.KeySize;
                LegalKeySizesValue = [new KeySizes(inner.KeySize, inner.KeySize, 0)];
            }

            public override byte[] SignHash(byte[] hash)
            {
                Interlocked.Increment(ref _counter.Signatures);
                return _inner.SignHash(hash);
            }

            public override bool VerifyHash(byte[] hash, byte[] signature) => _inner.VerifyHash(hash, signature);

            public override ECParameters ExportParameters(bool includePrivateParameters) =>
                includePrivateParameters ? _counter.Refuse<ECParameters>() : _inner.ExportParameters(false);

            public override ECParameters ExportExplicitParameters(bool includePrivateParameters) =>
                includePrivateParameters ? _counter.Refuse<ECParameters>() : _inner.ExportExplicitParameters(false);

            public override bool TryExportPkcs8PrivateKey(Span<byte> destination, out int bytesWritten)
            {
                bytesWritten = 0;
                return _counter.Refuse<bool>();
            }

            public override void ImportParameters(ECParameters parameters) => throw new NotSupportedException();
        }

        private sealed class RefusingRsa : RSA
        {
            private readonly RSA _inner;
            private readonly ExportRefusingKey _counter;

            public RefusingRsa(RSA inner, ExportRefusingKey counter)
            {
                _inner = inner;
                _counter = counter;
                KeySizeValue = inner.KeySize;
                LegalKeySizesValue = [new KeySizes(inner.KeySize, inner.KeySize, 0)];
            }

            public override byte[] SignHash(byte[] hash, HashAlgorithmName hashAlgorithm, RSASignaturePadding padding)
            {
                Interlocked.Increment(ref _counter.Signatures);
                return _inner.SignHash(hash, hashAlgorithm, padding);
            }

            public override bool VerifyHash(byte[] hash, byte[] signature, HashAlgorithmName hashAlgorithm, RSASignaturePadding padding) =>
                _inner.VerifyHash(hash, signature, hashAlgorithm, padding);

            public override RSAParameters ExportParameters(bool includePrivateParameters) =>
                includePrivateParameters ? _counter.Refuse<RSAParameters>() : _inner.ExportParameters(false);

            public override bool TryExportPkcs8PrivateKey(Span<byte> destination, out int bytesWritten)
            {
                bytesWritten = 0;
                return _counter.Refuse<bool>();
            }

            public override void ImportParameters(RSAParameters parameters) => throw new NotSupportedException();
        }
    }
}
