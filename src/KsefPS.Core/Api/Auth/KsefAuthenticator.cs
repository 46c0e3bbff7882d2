using System.Diagnostics;
using System.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using KsefPS.Core.Certificates;
using KsefPS.Core.Errors;
using KsefPS.Core.Identifiers;
using KsefPS.Core.Security;
using KsefPS.Core.Signing;

namespace KsefPS.Core.Api.Auth;

/// <summary>
/// The authentication flows (BRIEF §3–4): challenge, a signed AuthTokenRequest or an encrypted KSeF token, polling the
/// status without fixed sleeps (a short first wait, then doubling), and redeeming the tokens once.
/// </summary>
public sealed class KsefAuthenticator(KsefHttpClient http, Action<string>? narrate = null)
{
    public async Task<AuthenticationResult> WithCertificateAsync(KeyedCertificate signer, ContextIdentifier context,
        SubjectIdentifierType subjectType, IpPolicy? policy, CancellationToken cancellation)
    {
        var watch = new Timing();
        var challenge = await watch.Http(() => Challenge(cancellation)).ConfigureAwait(false);
        narrate?.Invoke($"Challenge {challenge.Value} received; signing the authentication request for {context} with '{signer.Certificate.Subject}' ({signer.KeyDescription}).");
        var signed = watch.Signing(() => XadesSigner.SignEnveloped(AuthTokenRequestXml.Build(challenge.Value, context, subjectType, policy), signer));
        var init = await watch.Http(() => http.SendAsync(HttpMethod.Post, "auth/xades-signature?verifyCertificateChain=false", cancellation, xml: signed)).ConfigureAwait(false);
        return await CompleteAsync(RequiredValues.Object(init), watch, cancellation).ConfigureAwait(false);
    }

    public async Task<AuthenticationResult> WithKsefTokenAsync(SecureString token, ContextIdentifier context, IpPolicy? policy,
        CancellationToken cancellation)
    {
        var watch = new Timing();
        // Each attempt takes a new challenge: a refused request may still have used up the one it carried.
        var init = await watch.Http(() => PublicKeys.WithCurrentKeyAsync(http, PublicKeys.KsefTokenEncryption,
            key => InitWithKsefTokenAsync(token, context, policy, key, watch, cancellation), narrate, cancellation)).ConfigureAwait(false);
        return await CompleteAsync(RequiredValues.Object(init), watch, cancellation).ConfigureAwait(false);
    }

    private async Task<JsonNode?> InitWithKsefTokenAsync(SecureString token, ContextIdentifier context, IpPolicy? policy,
        PublicKeys.PublicKey key, Timing watch, CancellationToken cancellation)
    {
        var challenge = await Challenge(cancellation).ConfigureAwait(false);
        narrate?.Invoke($"Challenge {challenge.Value} received; encrypting the KSeF token for {context} with the Ministry's KsefTokenEncryption key.");
        var encrypted = watch.Signing(() => EncryptToken(token, challenge.TimestampMs, key));
        var body = new JsonObject
        {
            ["challenge"] = challenge.Value,
            ["contextIdentifier"] = new JsonObject { ["type"] = context.Type.ToString(), ["value"] = context.Value },
            ["encryptedToken"] = encrypted,
            ["publicKeyId"] = key.PublicKeyId,
        };
        if (policy is { IsEmpty: false })
        {
            body["authorizationPolicy"] = new JsonObject
            {
                ["allowedIps"] = new JsonObject
                {
                    ["ip4Addresses"] = new JsonArray(policy.Addresses.Select(a => (JsonNode)a).ToArray()),
                    ["ip4Ranges"] = new JsonArray(policy.Ranges.Select(r => (JsonNode)r).ToArray()),
                    ["ip4Masks"] = new JsonArray(policy.Masks.Select(m => (JsonNode)m).ToArray()),
                },
            };
        }
        return await http.SendAsync(HttpMethod.Post, "auth/ksef-token", cancellation, json: body).ConfigureAwait(false);
    }

    private async Task<(string Value, long TimestampMs)> Challenge(CancellationToken cancellation)
    {
        var response = await http.SendAsync(HttpMethod.Post, "auth/challenge", cancellation, idempotent: true).ConfigureAwait(false);
        return (RequiredValues.Text(response, "challenge"), RequiredValues.LongNumber(response, "timestampMs"));
    }

    private static string EncryptToken(SecureString token, long timestampMs, PublicKeys.PublicKey key)
    {
        var secret = SecureStrings.ToUtf8(token);
        var suffix = Encoding.UTF8.GetBytes("|" + timestampMs.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var plaintext = new byte[secret.Length + suffix.Length];
        try
        {
            secret.CopyTo(plaintext, 0);
            suffix.CopyTo(plaintext, secret.Length);
            using var rsa = key.Certificate.GetRSAPublicKey()
                ?? throw new KsefException(ErrorIds.KsefRequestRejected, KsefErrorKind.InvalidData, "The Ministry's KsefTokenEncryption certificate has no RSA key.");
            return Convert.ToBase64String(rsa.Encrypt(plaintext, RSAEncryptionPadding.OaepSHA256));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    private async Task<AuthenticationResult> CompleteAsync(JsonNode init, Timing watch, CancellationToken cancellation)
    {
        var reference = Identifiers.ReferenceNumber.Require(AnswerValues.Text(init["referenceNumber"]));
        var operationToken = RequiredValues.Text(init, "authenticationToken", "token");
        narrate?.Invoke($"Authentication {reference} accepted; waiting for KSeF to verify it.");

        var status = await StatusPolling.UntilDoneAsync(
            async () => RequiredValues.Object(await watch.Http(() => http.SendAsync(HttpMethod.Get, "auth/" + reference, cancellation, bearer: operationToken, idempotent: true)).ConfigureAwait(false)),
            http.Options.AuthenticationTimeout,
            wait => watch.Waiting(() => Task.Delay(wait, cancellation)),
            failure => new KsefException(KsefErrorCodes.ErrorIdForStatus(failure.Code), KsefErrorKind.AuthenticationError,
                $"KSeF refused authentication {reference}: {failure}", reference) { Server = failure.AsServerError(reference) },
            () => new KsefException(ErrorIds.AuthenticationTimeout, KsefErrorKind.ResourceUnavailable,
                $"KSeF did not finish authentication {reference} within {http.Options.AuthenticationTimeout.TotalSeconds:0} s.", reference)).ConfigureAwait(false);

        var tokens = RequiredValues.Object(await watch.Http(() => http.SendAsync(HttpMethod.Post, "auth/token/redeem", cancellation, bearer: operationToken)).ConfigureAwait(false));
        narrate?.Invoke($"Authentication {reference} succeeded; tokens redeemed.");
        return new AuthenticationResult(
            reference,
            RequiredValues.Text(tokens, "accessToken", "token"),
            RequiredValues.Date(tokens, "accessToken", "validUntil"),
            RequiredValues.Text(tokens, "refreshToken", "token"),
            RequiredValues.Date(tokens, "refreshToken", "validUntil"),
            AuthenticationMethodInfo.From(status),
            watch.Result);
    }

    /// <summary>Splits elapsed time between signing, HTTP and waiting, for the benchmark and for -Verbose.</summary>
    private sealed class Timing
    {
        private readonly Stopwatch _signing = new();
        private readonly Stopwatch _http = new();
        private readonly Stopwatch _waiting = new();

        public AuthenticationTimings Result => new(_signing.Elapsed, _http.Elapsed, _waiting.Elapsed);

        /// <summary>Signing inside an HTTP step (the token's encryption between fetching a key and sending) counts as signing alone.</summary>
        public T Signing<T>(Func<T> action)
        {
            var insideHttp = _http.IsRunning;
            _http.Stop();
            _signing.Start();
            try
            {
                return action();
            }
            finally
            {
                _signing.Stop();
                if (insideHttp)
                {
                    _http.Start();
                }
            }
        }

        public async Task<T> Http<T>(Func<Task<T>> action)
        {
            _http.Start();
            try { return await action().ConfigureAwait(false); } finally { _http.Stop(); }
        }

        public async Task Waiting(Func<Task> action)
        {
            _waiting.Start();
            try { await action().ConfigureAwait(false); } finally { _waiting.Stop(); }
        }
    }
}
