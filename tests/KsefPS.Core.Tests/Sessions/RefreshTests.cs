using System.Net.Http.Headers;
using KsefPS.Core.Identifiers;
using KsefPS.Core.Sessions;
using KsefPS.Testing;

namespace KsefPS.Core.Tests.Sessions;

/// <summary>Sessions outlive their tokens: short lifetimes on the emulator, and calls made until the condition shows.</summary>
public sealed class RefreshTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(40);

    [Fact]
    public async Task A_long_pipeline_keeps_working_with_short_lived_access_tokens()
    {
        using var emulator = EmulatorProcess.Start("--Emulator:AuthProcessingDelay=00:00:00", "--Emulator:AccessTokenLifetime=00:00:02", "--Emulator:RateLimits=false");
        var nip = Nip.NewRandom();
        var session = await EngineEmulatorFixture.ConnectAsync(emulator, EngineEmulatorFixture.Personal(nip), EngineEmulatorFixture.Nip(nip));
        var until = DateTimeOffset.UtcNow + Deadline;
        var calls = 0;
        while (session.Refreshes < 3 && DateTimeOffset.UtcNow < until)
        {
            await session.SendAsync(HttpMethod.Get, "auth/sessions", CancellationToken.None, idempotent: true);
            calls++;
        }
        Assert.True(session.Refreshes >= 3, $"only {session.Refreshes} refreshes in {calls} calls");
        Assert.Equal(0, session.Reauthentications);
    }

    [Fact]
    public async Task Concurrent_callers_share_one_refresh()
    {
        using var emulator = EmulatorProcess.Start("--Emulator:AuthProcessingDelay=00:00:00", "--Emulator:AccessTokenLifetime=00:00:02", "--Emulator:RateLimits=false");
        var nip = Nip.NewRandom();
        var session = await EngineEmulatorFixture.ConnectAsync(emulator, EngineEmulatorFixture.Personal(nip), EngineEmulatorFixture.Nip(nip));
        var until = DateTimeOffset.UtcNow + Deadline;
        while (session.Refreshes < 2 && DateTimeOffset.UtcNow < until)
        {
            await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => session.SendAsync(HttpMethod.Get, "auth/sessions", CancellationToken.None, idempotent: true)));
        }
        Assert.True(session.Refreshes >= 2);
        Assert.Equal(session.Refreshes, emulator.Received("POST /v2/auth/token/refresh"));
    }

    [Fact]
    public async Task An_expired_refresh_token_means_authenticating_again_with_the_certificate()
    {
        using var emulator = EmulatorProcess.Start("--Emulator:AuthProcessingDelay=00:00:00", "--Emulator:AccessTokenLifetime=00:00:02",
            "--Emulator:RefreshTokenLifetime=00:00:03", "--Emulator:RateLimits=false");
        var nip = Nip.NewRandom();
        var session = await EngineEmulatorFixture.ConnectAsync(emulator, EngineEmulatorFixture.Personal(nip), EngineEmulatorFixture.Nip(nip));
        var first = session.ReferenceNumber;
        var until = DateTimeOffset.UtcNow + Deadline;
        while (session.Reauthentications < 1 && DateTimeOffset.UtcNow < until)
        {
            await session.SendAsync(HttpMethod.Get, "auth/sessions", CancellationToken.None, idempotent: true);
        }
        Assert.Equal(1, session.Reauthentications);
        Assert.NotEqual(first, session.ReferenceNumber);
    }

    [Fact]
    public async Task A_refresh_token_revoked_at_KSeF_means_authenticating_again()
    {
        using var emulator = EmulatorProcess.Start("--Emulator:AuthProcessingDelay=00:00:00", "--Emulator:AccessTokenLifetime=00:00:02", "--Emulator:RateLimits=false");
        var nip = Nip.NewRandom();
        var session = await EngineEmulatorFixture.ConnectAsync(emulator, EngineEmulatorFixture.Personal(nip), EngineEmulatorFixture.Nip(nip));
        var other = await EngineEmulatorFixture.ConnectAsync(emulator, EngineEmulatorFixture.Personal(nip), EngineEmulatorFixture.Nip(nip));
        await other.SendAsync(HttpMethod.Delete, "auth/sessions/" + session.ReferenceNumber, CancellationToken.None);

        var until = DateTimeOffset.UtcNow + Deadline;
        while (session.Reauthentications < 1 && DateTimeOffset.UtcNow < until)
        {
            await session.SendAsync(HttpMethod.Get, "auth/sessions", CancellationToken.None, idempotent: true);
        }
        Assert.Equal(1, session.Reauthentications);
        Assert.Equal(0, session.Refreshes);
        Assert.True(emulator.Received("POST /v2/auth/token/refresh") >= 1, "the refresh was tried and refused (21301) before re-authenticating");
    }

    [Fact]
    public async Task A_refresh_refused_with_21304_no_authentication_means_authenticating_again()
    {
        // What KSeF answered the official clients' tests for a revoked session's refresh token: 21304 "Brak uwierzytelnienia."
        using var emulator = EmulatorProcess.Start("--Emulator:AuthProcessingDelay=00:00:00", "--Emulator:AccessTokenLifetime=00:00:02", "--Emulator:RateLimits=false");
        var nip = Nip.NewRandom();
        var session = await EngineEmulatorFixture.ConnectAsync(emulator, EngineEmulatorFixture.Personal(nip), EngineEmulatorFixture.Nip(nip));
        emulator.AddFault(new { pathPrefix = "/v2/auth/token/refresh", kind = "Refuse", exceptionCode = 21304, times = 1 });

        var until = DateTimeOffset.UtcNow + Deadline;
        while (session.Reauthentications < 1 && DateTimeOffset.UtcNow < until)
        {
            await session.SendAsync(HttpMethod.Get, "auth/sessions", CancellationToken.None, idempotent: true);
        }
        Assert.Equal(1, session.Reauthentications);
        Assert.Equal(0, session.Refreshes);
    }
}
