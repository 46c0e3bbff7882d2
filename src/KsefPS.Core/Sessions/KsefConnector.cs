using KsefPS.Core.Api;
using KsefPS.Core.Api.Auth;
using KsefPS.Core.Certificates;
using KsefPS.Core.Environments;
using KsefPS.Core.Errors;
using KsefPS.Core.Identifiers;

namespace KsefPS.Core.Sessions;

/// <summary>Opens sessions: authenticates with the credential and gives the session a way to do it again.</summary>
public static class KsefConnector
{
    public static async Task<KsefSession> ConnectAsync(KsefEnvironment environment, KsefHttpClient http, ContextIdentifier context,
        SessionCredential credential, IpPolicy? policy, Action<string>? narrate, CancellationToken cancellation)
    {
        var authenticator = new KsefAuthenticator(http, narrate);

        async Task<AuthenticationResult> Authenticate(CancellationToken token)
        {
            // A lost answer to the signed request may mean KSeF has it: never resend it; start over with a new challenge.
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    return await AuthenticateOnce(authenticator, context, credential, policy, token).ConfigureAwait(false);
                }
                catch (KsefException e) when (e.ErrorId == ErrorIds.KsefUnavailable && attempt < 3)
                {
                    narrate?.Invoke($"KSeF did not answer ({e.Message}); starting again with a new challenge.");
                }
            }
        }

        var first = await Authenticate(cancellation).ConfigureAwait(false);
        var subject = credential is SessionCredential.Certificate c
            ? c.SubjectType == SubjectIdentifierType.CertificateFingerprint ? $"Fingerprint:{SubjectIdentityFingerprint(c)}" : c.Identity.ToString()
            : credential.Description;
        return new KsefSession(environment, http, context, subject, credential.Description, first, Authenticate);
    }

    private static string SubjectIdentityFingerprint(SessionCredential.Certificate certificate)
    {
        using var keyed = certificate.Open();
        return SubjectIdentity.Sha256Fingerprint(keyed.Certificate);
    }

    private static async Task<AuthenticationResult> AuthenticateOnce(KsefAuthenticator authenticator, ContextIdentifier context,
        SessionCredential credential, IpPolicy? policy, CancellationToken cancellation)
    {
        switch (credential)
        {
            case SessionCredential.Certificate certificate:
                using (var keyed = certificate.Open())
                {
                    return await authenticator.WithCertificateAsync(keyed, context, certificate.SubjectType, policy, cancellation).ConfigureAwait(false);
                }
            case SessionCredential.KsefToken token:
                using (var secret = token.Open())
                {
                    return await authenticator.WithKsefTokenAsync(secret, context, policy, cancellation).ConfigureAwait(false);
                }
            default:
                throw new ArgumentOutOfRangeException(nameof(credential));
        }
    }
}
