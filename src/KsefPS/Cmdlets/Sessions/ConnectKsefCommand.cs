using System.Management.Automation;
using System.Security;
using System.Security.Cryptography.X509Certificates;
using KsefPS.Core.Api;
using KsefPS.Core.Api.Auth;
using KsefPS.Core.Certificates;
using KsefPS.Core.Environments;
using KsefPS.Core.Errors;
using KsefPS.Core.Identifiers;
using KsefPS.Core.Sessions;
using KsefPS.Core.Store;
using KsefPS.Infrastructure;

namespace KsefPS.Cmdlets.Sessions;

[Cmdlet(VerbsCommunications.Connect, "Ksef", DefaultParameterSetName = ByCertificate)]
[OutputType(typeof(KsefSession))]
public sealed class ConnectKsefCommand : StoreCmdlet
{
    private const string ByCertificate = "Certificate";
    private const string ByCertificatePath = "CertificatePath";
    private const string ByToken = "Token";
    private const string ByTokenName = "TokenName";

    [Parameter]
    public KsefEnvironment? Environment { get; set; }

    [Parameter]
    [ValidateNotNull]
    public Uri? ApiUrl { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Nip { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? InternalId { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? NipVatUe { get; set; }

    /// <summary>A Peppol service provider's own context; it logs in with its own certificate (its id as the common name).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? PeppolId { get; set; }

    /// <summary>A stored certificate's name, a stored entry (pipeline), or an X509Certificate2 with its private key.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByCertificate, ValueFromPipeline = true)]
    [ArgumentCompleter(typeof(StoredCertificateNameCompleter))]
    [ValidateNotNull]
    public object? Certificate { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = ByCertificatePath)]
    [ValidateNotNullOrEmpty]
    public string? CertificatePath { get; set; }

    [Parameter(ParameterSetName = ByCertificatePath)]
    public SecureString? Password { get; set; }

    /// <summary>The PIN of the token that holds the stored certificate's key (PKCS#11 entries).</summary>
    [Parameter(ParameterSetName = ByCertificate)]
    public SecureString? Pin { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = ByToken)]
    public SecureString? Token { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = ByTokenName)]
    [ArgumentCompleter(typeof(StoredTokenNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string? TokenName { get; set; }

    [Parameter(ParameterSetName = ByCertificate)]
    [Parameter(ParameterSetName = ByCertificatePath)]
    public SubjectIdentifierType SubjectIdentifierType { get; set; } = SubjectIdentifierType.CertificateSubject;

    /// <summary>IPv4 addresses, ranges (a.b.c.d-e.f.g.h) and masks (a.b.c.d/nn) the session's tokens may be used from.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? AllowedIp { get; set; }

    [Parameter]
    [TimeoutTransformation]
    public TimeSpan? MaxRetryWait { get; set; }

    protected override void ProcessRecord()
    {
        var storePath = StorePath is null ? null : ResolvePath(StorePath); // a path that names no file stops us before KSeF is asked
        var storedToken = ParameterSetName == ByTokenName ? FindToken() : null;
        var (credential, credentialEnvironment) = Terminating(() => Credential(storedToken));
        var environment = Environment ?? credentialEnvironment ?? KsefEnvironment.Test;
        if (credentialEnvironment is { } expected && Environment is { } asked && expected != asked)
        {
            ThrowKsefError(new KsefException(ErrorIds.CertificateEnvironmentWrong, KsefErrorKind.InvalidArgument,
                $"{char.ToUpperInvariant(credential.Description[0])}{credential.Description[1..]} belongs to KSeF {expected}, not {asked}: leave -Environment out, or use a credential stored for {asked}.",
                credential.Description));
        }
        var apiUrl = ApiUrl ?? storedToken?.ApiUrl ?? KsefEnvironmentInfo.For(environment).ApiUrl;
        _ = Terminating(() => Core.Api.ServiceUrl.Require(apiUrl, "KSeF's API address")); // before it is narrated
        var context = Terminating(() => Context(storedToken, KsefEnvironmentInfo.For(environment).ChecksNipControlDigits));
        var policy = AllowedIp is null ? null : Terminating(() => IpPolicy.Parse(AllowedIp));
        var options = new KsefApiOptions();
        if (MaxRetryWait is { } wait)
        {
            options = options with { MaxRetryWait = wait };
        }

        WriteVerbose($"Connecting to KSeF {environment} at {apiUrl} in context {context} with {credential.Description}.");
        KsefSession session;
        try
        {
            session = RunAsync((narrate, cancel) =>
            {
                var http = new KsefHttpClient(apiUrl, options, narrate);
                return KsefConnector.ConnectAsync(environment, http, context, credential, policy, narrate, cancel);
            });
        }
        catch (KsefException e) when (e.ErrorId == ErrorIds.KsefUnavailable)
        {
            // Not terminating: "Connect-Ksef -ErrorAction SilentlyContinue; … | Send-KsefInvoice -OfflineFallback" goes on when KSeF is down.
            WriteKsefError(e);
            return;
        }
        catch (KsefException e)
        {
            ThrowKsefError(e);
            return;
        }
        var timings = session.LastAuthenticationTimings;
        WriteVerbose($"Connected: authentication {session.ReferenceNumber} ({session.AuthenticationMethod}); access token valid until {session.AccessTokenExpires:u}. " +
            $"Signing {timings.Signing.TotalMilliseconds:0} ms, HTTP {timings.Http.TotalMilliseconds:0} ms, waiting {timings.Waiting.TotalMilliseconds:0} ms.");
        session.StorePath = storePath;
        CurrentSession.Set(session);
        WriteObject(session);
    }

    private StoredToken FindToken()
    {
        using var store = OpenStoreToRead(warnWhenMissing: false); // a look-up makes no store
        return (store?.ListTokens() ?? []).FirstOrDefault(t => string.Equals(t.Name, TokenName, StringComparison.OrdinalIgnoreCase))
            ?? Terminating<StoredToken>(() => throw KsefStore.TokenNotFound(TokenName!));
    }

    private (SessionCredential Credential, KsefEnvironment? Environment) Credential(StoredToken? storedToken)
    {
        switch (ParameterSetName)
        {
            case ByToken:
                var token = Token!.Copy();
                token.MakeReadOnly();
                return (new SessionCredential.KsefToken("a KSeF token", token.Copy), null);
            case ByTokenName:
                var storePath = storedToken!.StorePath;
                return (new SessionCredential.KsefToken($"KSeF token '{storedToken.Name}'", () =>
                {
                    using var store = KsefStore.Open(storePath);
                    return store.OpenToken(storedToken);
                }), storedToken.Environment);
            case ByCertificatePath:
                var keyed = CertificateFileReader.Read(ResolvePath(CertificatePath!), Password, null, null);
                return (FromKeyed(keyed, $"certificate file {CertificatePath}"), null);
        }
        var value = Certificate is PSObject ps ? ps.BaseObject : Certificate;
        switch (value)
        {
            case X509Certificate2 x509:
                return (FromKeyObject(x509, $"certificate '{x509.Subject}'"), null);
            case StoredCertificate stored:
                return (FromStore(stored), stored.Environment);
            case string name:
                using (var store = OpenStoreToFindCertificate(name))
                {
                    var entry = CertificateSelection.ByExactName(store, name);
                    return (FromStore(entry), entry.Environment);
                }
            default:
                throw new KsefException(ErrorIds.CertificateNotFound, KsefErrorKind.InvalidArgument,
                    $"-Certificate takes a stored certificate's name, an entry from Get-KsefCertificate, or an X509Certificate2; not {value?.GetType().Name}.", value);
        }
    }

    private SessionCredential FromStore(StoredCertificate entry)
    {
        CertificateRules.RequireUsable(entry, CertificateUsage.Authentication, DateTimeOffset.UtcNow);
        WarnIfExpiringSoon(entry);
        var storePath = StorePath is null ? entry.StorePath : ResolvePath(StorePath);
        var identity = new SubjectIdentity(entry.IdentifierType, entry.Identifier);
        // Asked once here: a re-authentication later, on another thread, uses the same PIN (or the one saved with the entry).
        var pin = EntryPin(entry, Pin);
        return new SessionCredential.Certificate($"stored certificate '{entry.Name}'", identity, SubjectIdentifierType, () =>
        {
            using var store = KsefStore.Open(storePath);
            return store.OpenCertificate(entry, pin);
        });
    }

    /// <summary>The caller's own certificate object: its key is used where it lives and never copied (it may refuse export).</summary>
    private SessionCredential FromKeyObject(X509Certificate2 certificate, string description)
    {
        if (!certificate.HasPrivateKey)
        {
            throw new KsefException(ErrorIds.CertificateKeyMissing, KsefErrorKind.InvalidData,
                $"The {description} has no private key; KSeF needs a signature made with it.", certificate.Thumbprint);
        }
        RequireAuthenticationCertificate(certificate, description);
        return SessionCredential.Certificate.OfKeyObject(certificate, description, SubjectIdentifierType);
    }

    private static void RequireAuthenticationCertificate(X509Certificate2 certificate, string description)
    {
        CertificateRules.RequireValidAt(certificate, description, DateTimeOffset.UtcNow);
        if (CertificateRules.LooksOffline(certificate))
        {
            throw new KsefException(ErrorIds.CertificateUsageWrong, KsefErrorKind.InvalidArgument,
                $"The {description} is an Offline (nonRepudiation) certificate; KSeF accepts only Authentication certificates for logging in.", description);
        }
    }

    private SessionCredential FromKeyed(KeyedCertificate keyed, string description)
    {
        try
        {
            RequireAuthenticationCertificate(keyed.Certificate, description);
        }
        catch
        {
            keyed.Dispose();
            throw;
        }
        return SessionCredential.Certificate.InMemory(keyed, description, SubjectIdentifierType);
    }

    private ContextIdentifier Context(StoredToken? storedToken, bool nipControlDigit)
    {
        return ContextIdentifier.FromAtMostOne(nipControlDigit, (ContextIdentifierType.Nip, Nip), (ContextIdentifierType.InternalId, InternalId),
                (ContextIdentifierType.NipVatUe, NipVatUe), (ContextIdentifierType.PeppolId, PeppolId))
            ?? storedToken?.Context
            ?? throw new KsefException(ErrorIds.ContextInvalid, KsefErrorKind.InvalidArgument, "Give the context to connect in: -Nip, -InternalId, -NipVatUe or -PeppolId.");
    }
}
