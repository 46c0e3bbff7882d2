using System.Diagnostics;
using KsefPS.Core.Api;
using KsefPS.Core.Errors;
using KsefPS.Core.Identifiers;
using KsefPS.Core.Sessions;
using KsefPS.Core.Tests.Support;
using KsefPS.Testing;

namespace KsefPS.Core.Tests.Sessions;

/// <summary>HTTP behaviour under injected faults (DESIGN §5): what is retried, what is waited out, what is never resent.</summary>
public sealed class FaultTests : IDisposable
{
    private readonly TempDirectory _saved = new();
    private readonly EmulatorProcess _emulator;

    public FaultTests() =>
        _emulator = EmulatorProcess.Start("--Emulator:AuthProcessingDelay=00:00:00", "--Emulator:RateLimits=false", $"--Emulator:SaveAuthRequestsTo={_saved.Path}");

    public void Dispose()
    {
        _emulator.Dispose();
        _saved.Dispose();
    }

    private Task<KsefSession> Connect(KsefApiOptions? options = null)
    {
        var nip = Nip.NewRandom();
        return EngineEmulatorFixture.ConnectAsync(_emulator, EngineEmulatorFixture.Personal(nip), EngineEmulatorFixture.Nip(nip),
            options: options ?? new KsefApiOptions { BackoffBase = TimeSpan.FromMilliseconds(20) });
    }

    [Fact]
    public async Task Retry_after_is_honoured()
    {
        _emulator.AddFault(new { pathPrefix = "/v2/auth/challenge", kind = "TooManyRequests", retryAfterSeconds = 1, times = 1 });
        var watch = Stopwatch.StartNew();
        await Connect();
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(950), $"connected after {watch.ElapsedMilliseconds} ms, before Retry-After passed");
        Assert.Equal(2, _emulator.Received("POST /v2/auth/challenge"));
    }

    [Fact]
    public async Task Retry_after_above_the_cap_fails_at_once()
    {
        _emulator.AddFault(new { pathPrefix = "/v2/auth/challenge", kind = "TooManyRequests", retryAfterSeconds = 600, times = 1 });
        var error = await Assert.ThrowsAsync<KsefException>(() => Connect(new KsefApiOptions { MaxRetryWait = TimeSpan.FromSeconds(5) }));
        Assert.Equal(ErrorIds.KsefRateLimited, error.ErrorId);
        Assert.Contains("600 s", error.Message);
        Assert.Equal(1, _emulator.Received("POST /v2/auth/challenge")); // not waited out, not asked again
    }

    [Fact]
    public async Task Server_errors_and_dropped_connections_on_idempotent_calls_are_retried()
    {
        _emulator.AddFault(new { pathPrefix = "/v2/auth/challenge", kind = "ServerError", status = 503, times = 2 });
        _emulator.AddFault(new { pathPrefix = "/v2/auth/2", method = "GET", kind = "DropBefore", times = 1 });
        var session = await Connect();
        Assert.Equal(KsefSessionState.Active, session.State);
        Assert.Equal(3, _emulator.Received("POST /v2/auth/challenge"));
        Assert.Single(Directory.GetFiles(_saved.Path)); // one signed request, sent once
    }

    [Fact]
    public async Task A_lost_answer_to_the_signed_request_is_never_resent_a_new_challenge_is_signed()
    {
        _emulator.AddFault(new { pathPrefix = "/v2/auth/xades-signature", kind = "DropAfter", times = 1 });
        var session = await Connect();
        Assert.Equal(KsefSessionState.Active, session.State);
        var documents = Directory.GetFiles(_saved.Path).Select(File.ReadAllText).ToList();
        Assert.Equal(2, documents.Count);
        var challenges = documents.Select(d => System.Text.RegularExpressions.Regex.Match(d, "<Challenge>([^<]+)</Challenge>").Groups[1].Value).ToList();
        Assert.Equal(2, challenges.Distinct().Count());
        Assert.Equal(2, _emulator.Received("POST /v2/auth/challenge"));
    }

    [Fact]
    public async Task A_lost_answer_to_redeem_is_not_redeemed_twice()
    {
        _emulator.AddFault(new { pathPrefix = "/v2/auth/token/redeem", kind = "DropAfter", times = 1 });
        var session = await Connect();
        Assert.Equal(KsefSessionState.Active, session.State);
        // Two authentications, each redeemed exactly once: the first (answer lost) and the new one.
        Assert.Equal(2, _emulator.Received("POST /v2/auth/token/redeem"));
        Assert.Equal(2, Directory.GetFiles(_saved.Path).Length);
    }

    [Fact]
    public async Task Cancellation_stops_the_call_in_flight()
    {
        _emulator.AddFault(new { pathPrefix = "/v2/auth/challenge", kind = "Delay", delayMs = 30_000, times = 1 });
        using var cancel = new CancellationTokenSource();
        var http = new KsefHttpClient(_emulator.Url, new KsefApiOptions());
        var call = http.SendAsync(HttpMethod.Post, "auth/challenge", cancel.Token, idempotent: true);
        cancel.CancelAfter(200);
        // Cancellation, not an answer 30 s later and not the client's own request timeout (that would be KsefUnavailable).
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Equal(1, _emulator.Received("POST /v2/auth/challenge"));
    }
}
