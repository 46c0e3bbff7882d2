using KsefPS.Core.Errors;
using KsefPS.Core.Identifiers;
using KsefPS.Core.Sessions;
using KsefPS.Core.Tokens;

namespace KsefPS.Core.Tests.Sessions;

public sealed class AuthenticationSessionsTests(EngineEmulatorFixture fixture) : IClassFixture<EngineEmulatorFixture>
{
    private readonly Testing.EmulatorProcess _emulator = fixture.Emulator;

    [Fact]
    public async Task Every_active_login_of_the_context_is_listed_and_one_revoked_leaves_the_list()
    {
        var nip = Nip.NewRandom();
        var other = await LogIn(nip);
        var session = await LogIn(nip);

        var listed = await AuthenticationSessions.ListAsync(session, CancellationToken.None);
        Assert.Equal([session.ReferenceNumber, other.ReferenceNumber], listed.Select(a => a.ReferenceNumber));
        Assert.Equal([true, false], listed.Select(a => a.IsCurrent));
        Assert.All(listed, a =>
        {
            Assert.Equal(200, a.StatusCode);
            Assert.Equal("QualifiedSignature", a.Method.Name);
            Assert.Equal(session.Context, a.Context);
            Assert.True(a.RefreshTokenValidUntil > DateTimeOffset.UtcNow);
        });

        await AuthenticationSessions.RevokeAsync(session, other.ReferenceNumber, CancellationToken.None);
        Assert.Equal([session.ReferenceNumber], (await AuthenticationSessions.ListAsync(session, CancellationToken.None)).Select(a => a.ReferenceNumber));
        var bad = await Assert.ThrowsAsync<KsefException>(() => AuthenticationSessions.RevokeAsync(session, "../tokens", CancellationToken.None));
        Assert.Equal(ErrorIds.ReferenceNumberInvalid, bad.ErrorId);
    }

    [Fact]
    public async Task Pages_are_followed_to_the_last_one()
    {
        // An emulator of its own without rate limits: 101 tokens at production's 30 a minute would take minutes
        using var emulator = Testing.EmulatorProcess.Start("--Emulator:AuthProcessingDelay=00:00:00", "--Emulator:RateLimits=false");
        var nip = Nip.NewRandom();
        var logins = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            logins.Add((await LogIn(nip, emulator)).ReferenceNumber);
        }
        var session = await LogIn(nip, emulator);
        for (var i = 0; i < 101; i++)
        {
            await KsefTokens.CreateAsync(session, [KsefTokenPermission.InvoiceRead], $"paging {i}", null, CancellationToken.None);
        }

        // The smallest page KSeF allows, so that 13 logins take two pages and 101 tokens eleven
        var listed = await ContinuationPages.ListAsync(session, "auth/sessions?pageSize=10", "items", item => item["referenceNumber"]!.GetValue<string>(),
            CancellationToken.None);
        Assert.Equal(logins.Append(session.ReferenceNumber).ToHashSet(), listed.ToHashSet());
        Assert.Equal(13, listed.Count);
        var tokens = await ContinuationPages.ListAsync(session, "tokens?pageSize=10", "tokens", item => item["description"]!.GetValue<string>(),
            CancellationToken.None);
        Assert.Equal(Enumerable.Range(0, 101).Select(i => $"paging {i}").Reverse(), tokens);
        Assert.Equal(101, (await KsefTokens.ListAsync(session, [], CancellationToken.None)).Count); // its own pages of 100: two
    }

    [Fact]
    public async Task A_list_that_gives_the_same_continuation_token_twice_is_refused_not_read_for_ever()
    {
        var session = await LogIn(Nip.NewRandom());
        for (var i = 0; i < 21; i++)
        {
            await KsefTokens.CreateAsync(session, [KsefTokenPermission.InvoiceRead], $"looping {i}", null, CancellationToken.None);
        }
        // A broken server: the second page points back at itself
        string Token(int skip) => Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes($"emulator-skip:{skip}"));
        _emulator.AddFault(new { pathPrefix = "/v2/tokens", kind = "Rewrite", find = Token(20), replaceWith = Token(10), times = 5 });
        var before = _emulator.Received("GET /v2/tokens");

        var error = await Assert.ThrowsAsync<KsefException>(() =>
            ContinuationPages.ListAsync(session, "tokens?pageSize=10", "tokens", item => item, CancellationToken.None));
        Assert.Equal(ErrorIds.KsefAnswerInvalid, error.ErrorId);
        Assert.Equal(2, _emulator.Received("GET /v2/tokens") - before); // the first page, and the second that pointed back
    }

    /// <summary>The owner logs in with a certificate of its own each time (the connection disposes it).</summary>
    private Task<KsefSession> LogIn(string nip, Testing.EmulatorProcess? emulator = null) =>
        EngineEmulatorFixture.ConnectAsync(emulator ?? _emulator, EngineEmulatorFixture.Personal(nip), EngineEmulatorFixture.Nip(nip));
}
