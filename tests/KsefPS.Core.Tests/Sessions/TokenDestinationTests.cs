using KsefPS.Core.Errors;
using KsefPS.Core.Identifiers;

namespace KsefPS.Core.Tests.Sessions;

/// <summary>
/// The access token goes to KSeF's API and nowhere else: a route that resolves outside it (another host, another
/// version, user information) is refused before anything is sent, whoever made the route up.
/// </summary>
public sealed class TokenDestinationTests(EngineEmulatorFixture fixture) : IClassFixture<EngineEmulatorFixture>
{
    private readonly Testing.EmulatorProcess _emulator = fixture.Emulator;

    [Theory]
    [InlineData("http://localhost:{port}/v2/auth/sessions")]
    [InlineData("//localhost:{port}/v2/auth/sessions")]
    [InlineData("http://user@127.0.0.1:{port}/v2/auth/sessions")]
    [InlineData("../v1/auth/sessions")]
    [InlineData("/auth/sessions")]
    public async Task A_route_outside_the_API_never_gets_the_token(string route)
    {
        var nip = Nip.NewRandom();
        var session = await EngineEmulatorFixture.ConnectAsync(_emulator, EngineEmulatorFixture.Personal(nip), EngineEmulatorFixture.Nip(nip));
        // The same request inside the API reaches the emulator, so the count below would see one that left.
        await session.SendAsync(HttpMethod.Get, "auth/sessions", CancellationToken.None, idempotent: true);
        var before = _emulator.ReceivedStartingWith("GET /");
        var hostile = route.Replace("{port}", _emulator.Url.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var refused = await Assert.ThrowsAsync<KsefException>(() => session.SendAsync(HttpMethod.Get, hostile, CancellationToken.None, idempotent: true));

        Assert.Equal(ErrorIds.KsefAnswerInvalid, refused.ErrorId);
        Assert.Equal(before, _emulator.ReceivedStartingWith("GET /"));
    }
}
