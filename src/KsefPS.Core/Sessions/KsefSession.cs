using System.Text.Json.Nodes;
using KsefPS.Core.Api;
using KsefPS.Core.Api.Auth;
using KsefPS.Core.Environments;
using KsefPS.Core.Errors;
using KsefPS.Core.Identifiers;
using KsefPS.Core.Status;

namespace KsefPS.Core.Sessions;

/// <summary>
/// An authenticated connection to KSeF in one context. It refreshes its access token before expiry (one refresh at a
/// time, whatever the number of threads) and authenticates again with its credential when the refresh token is gone
/// or revoked. Tokens are private: no property, ToString or message ever shows one.
/// </summary>
public sealed class KsefSession
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Func<CancellationToken, Task<AuthenticationResult>> _authenticate;
    private string _accessToken;
    private string _refreshToken;
    private DateTimeOffset _accessIssued;

    public KsefSession(KsefEnvironment environment, KsefHttpClient http, ContextIdentifier context, string subject,
        string credential, AuthenticationResult first, Func<CancellationToken, Task<AuthenticationResult>> authenticate)
    {
        Environment = environment;
        Http = http;
        Context = context;
        Subject = subject;
        Credential = credential;
        _authenticate = authenticate;
        ConnectedAt = DateTimeOffset.UtcNow;
        (_accessToken, _refreshToken) = ("", "");
        Apply(first);
    }

    public Guid Id { get; } = Guid.NewGuid();
    public KsefEnvironment Environment { get; }
    public Uri ApiUrl => new(Http.ApiBase, "..");
    public ContextIdentifier Context { get; }
    /// <summary>Who authenticated: NIP, PESEL or certificate fingerprint, or the KSeF token's name.</summary>
    public string Subject { get; }
    /// <summary>What KsefPS authenticated with: a certificate (name or subject) or a KSeF token.</summary>
    public string Credential { get; }
    /// <summary>KSeF's name for the method (QualifiedSeal, InternalCertificate, Token…; KSeF's display name for one KsefPS cannot name).</summary>
    public string AuthenticationMethod { get; private set; } = "";
    /// <summary>KSeF's name of the method for people (authenticationMethodInfo.displayName, e.g. "Certyfikat KSeF").</summary>
    public string AuthenticationDisplayName { get; private set; } = "";
    /// <summary>KSeF's category of the method: XadesSignature, NationalNode, Token or Other (new ones kept as KSeF writes them).</summary>
    public string AuthenticationCategory { get; private set; } = "";
    /// <summary>KSeF's code of the method (authenticationMethodInfo.code, e.g. xades.qualified-seal).</summary>
    public string AuthenticationCode { get; private set; } = "";
    public string ReferenceNumber { get; private set; } = "";
    public DateTimeOffset ConnectedAt { get; }
    public DateTimeOffset AccessTokenExpires { get; private set; }
    public DateTimeOffset RefreshTokenExpires { get; private set; }
    public KsefSessionState State { get; private set; } = KsefSessionState.Active;
    public int Refreshes { get; private set; }
    /// <summary>The store Connect-Ksef was told to use (-StorePath), if any: commands that journal in a store follow it.</summary>
    public string? StorePath { get; set; }
    public int Reauthentications { get; private set; }
    public AuthenticationTimings LastAuthenticationTimings { get; private set; } = new(TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero);

    internal KsefHttpClient Http { get; }

    public override string ToString() => $"{Context} at {ApiUrl.Host} ({State})";

    /// <summary>
    /// Calls a protected endpoint with a fresh access token, paced to KSeF's limits for its group; a 401 triggers one
    /// refresh and one retry. <paramref name="narrate"/> hears of every wait for a limit.
    /// </summary>
    internal Task<JsonNode?> SendAsync(HttpMethod method, string route, CancellationToken cancellation, JsonNode? json = null, bool idempotent = false,
        string? continuationToken = null, Action<string>? narrate = null) =>
        WithTokenAsync(method, route, narrate, cancellation, token =>
            Http.SendAsync(method, route, cancellation, bearer: token, json: json, idempotent: idempotent, continuationToken: continuationToken));

    /// <summary>A GET of a protected JSON page deserialized from the stream, with the same pacing and token handling as <see cref="SendAsync"/>.</summary>
    internal Task<T> GetJsonAsync<T>(string route, CancellationToken cancellation, string? continuationToken = null, Action<string>? narrate = null) =>
        WithTokenAsync(HttpMethod.Get, route, narrate, cancellation, token => Http.GetJsonAsync<T>(route, cancellation, token, continuationToken));

    /// <summary>Downloads a document from a protected endpoint, with the same pacing and token handling as <see cref="SendAsync"/>.</summary>
    internal Task<KsefHttpClient.Download> DownloadAsync(string route, CancellationToken cancellation, Action<string>? narrate = null) =>
        WithTokenAsync(HttpMethod.Get, route, narrate, cancellation, token => Http.DownloadAsync(route, cancellation, bearer: token));

    /// <summary>This context's pacer: shared by every session of the process in the same context at the same API.</summary>
    internal RatePacer Pacer => RatePacer.For(Http.ApiBase, Context.ToString());

    private async Task<T> WithTokenAsync<T>(HttpMethod method, string route, Action<string>? narrate, CancellationToken cancellation, Func<string, Task<T>> call)
    {
        var token = await AccessTokenAsync(cancellation).ConfigureAwait(false);
        if (RateLimitGroup.Of(route) is { } group)
        {
            var bearer = token;
            await Pacer.LoadLimitsOnceAsync(() => Http.SendAsync(HttpMethod.Get, "rate-limits", CancellationToken.None, bearer: bearer, idempotent: true)).ConfigureAwait(false);
            await Pacer.WaitAsync(group, narrate, cancellation, RateLimitGroup.CounterOf(group, method.Method, route)).ConfigureAwait(false);
            token = await AccessTokenAsync(cancellation).ConfigureAwait(false); // a long wait may have aged it
        }
        try
        {
            return await call(token).ConfigureAwait(false);
        }
        catch (KsefException e) when (e.ErrorId == ErrorIds.KsefUnauthorized)
        {
            token = await AccessTokenAsync(cancellation, forceRenewal: token).ConfigureAwait(false);
            return await call(token).ConfigureAwait(false);
        }
    }

    /// <summary>Revokes the authentication at KSeF (its refresh token dies; access tokens live to their expiry).</summary>
    public async Task DisconnectAsync(CancellationToken cancellation)
    {
        if (State == KsefSessionState.Disconnected)
        {
            return;
        }
        await _gate.WaitAsync(cancellation).ConfigureAwait(false);
        try
        {
            var bearer = DateTimeOffset.UtcNow < RefreshTokenExpires ? _refreshToken : _accessToken;
            await Http.SendAsync(HttpMethod.Delete, "auth/sessions/current", cancellation, bearer: bearer, idempotent: true).ConfigureAwait(false);
        }
        finally
        {
            State = KsefSessionState.Disconnected;
            (_accessToken, _refreshToken) = ("", "");
            _gate.Release();
        }
    }

    /// <summary>
    /// A usable access token. Renewed when less than a quarter of its life (at most a minute) is left, or when the
    /// caller saw <paramref name="forceRenewal"/> refused.
    /// </summary>
    internal async Task<string> AccessTokenAsync(CancellationToken cancellation, string? forceRenewal = null)
    {
        if (State == KsefSessionState.Disconnected)
        {
            throw new KsefException(ErrorIds.SessionClosed, KsefErrorKind.InvalidOperation, $"The session {this} was disconnected; run Connect-Ksef again.");
        }
        if (forceRenewal is null && IsFresh())
        {
            return _accessToken;
        }
        await _gate.WaitAsync(cancellation).ConfigureAwait(false);
        try
        {
            if (State == KsefSessionState.Disconnected)
            {
                throw new KsefException(ErrorIds.SessionClosed, KsefErrorKind.InvalidOperation, $"The session {this} was disconnected; run Connect-Ksef again.");
            }
            if ((forceRenewal is null || forceRenewal != _accessToken) && IsFresh())
            {
                return _accessToken; // another thread renewed it while this one waited
            }
            if (DateTimeOffset.UtcNow < RefreshTokenExpires - TimeSpan.FromSeconds(1) && await TryRefresh(cancellation).ConfigureAwait(false))
            {
                return _accessToken;
            }
            Apply(await _authenticate(cancellation).ConfigureAwait(false));
            Reauthentications++;
            return _accessToken;
        }
        finally
        {
            _gate.Release();
        }
    }

    private bool IsFresh()
    {
        var lifetime = AccessTokenExpires - _accessIssued;
        var margin = TimeSpan.FromTicks(Math.Min(TimeSpan.FromMinutes(1).Ticks, lifetime.Ticks / 4));
        return DateTimeOffset.UtcNow < AccessTokenExpires - margin;
    }

    private const int NoAuthentication = 21304;

    private async Task<bool> TryRefresh(CancellationToken cancellation)
    {
        try
        {
            var response = await Http.SendAsync(HttpMethod.Post, "auth/token/refresh", cancellation, bearer: _refreshToken, idempotent: true).ConfigureAwait(false);
            _accessToken = RequiredValues.Text(response, "accessToken", "token");
            AccessTokenExpires = RequiredValues.Date(response, "accessToken", "validUntil");
            _accessIssued = DateTimeOffset.UtcNow;
            Refreshes++;
            return true;
        }
        catch (KsefException e) when (e.ErrorId is ErrorIds.KsefUnauthorized or ErrorIds.AuthenticationRevoked || e.Server?.FirstCode == NoAuthentication)
        {
            // KSeF answers 400 (not 401) for a revoked refresh token: 21301 (UPDATES.md), or 21304 "Brak uwierzytelnienia." as
            // the official clients' tests saw after a revoked session. Either way: authenticate again.
            RefreshTokenExpires = DateTimeOffset.MinValue;
            return false;
        }
    }

    private void Apply(AuthenticationResult result)
    {
        _accessToken = result.AccessToken;
        _refreshToken = result.RefreshToken;
        _accessIssued = DateTimeOffset.UtcNow;
        AccessTokenExpires = result.AccessTokenExpires;
        RefreshTokenExpires = result.RefreshTokenExpires;
        ReferenceNumber = result.ReferenceNumber;
        AuthenticationMethod = result.Method.Name;
        AuthenticationDisplayName = result.Method.DisplayName;
        AuthenticationCategory = result.Method.Category;
        AuthenticationCode = result.Method.Code;
        LastAuthenticationTimings = result.Timings;
    }
}
