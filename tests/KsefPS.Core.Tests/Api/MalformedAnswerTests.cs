using KsefPS.Core.Api;
using KsefPS.Core.Errors;
using KsefPS.Core.Identifiers;
using KsefPS.Core.Sessions;
using KsefPS.Core.Tests.Sessions;
using KsefPS.Core.Tokens;
using KsefPS.Core.Tests.Support;
using KsefPS.Testing;

namespace KsefPS.Core.Tests.Api;

/// <summary>
/// An answer of KSeF's that lacks a value the client needs, or carries it as another kind, fails the call as
/// KsefAnswerInvalid naming the value, never as a .NET exception from inside the engine (the emulator's answers are
/// rewritten by fault injection, as a broken or hostile server would send them).
/// </summary>
public sealed class MalformedAnswerTests : IDisposable
{
    private readonly EmulatorProcess _emulator = EmulatorProcess.Start("--Emulator:AuthProcessingDelay=00:00:00", "--Emulator:RateLimits=false",
        "--Emulator:TokenActivationDelay=00:00:00");

    public void Dispose() => _emulator.Dispose();

    private Task<KsefSession> Connect()
    {
        var nip = Nip.NewRandom();
        return EngineEmulatorFixture.ConnectAsync(_emulator, EngineEmulatorFixture.Personal(nip), EngineEmulatorFixture.Nip(nip),
            options: new KsefApiOptions { BackoffBase = TimeSpan.FromMilliseconds(20) });
    }

    private void Rewrite(string method, string path, string find, string replaceWith) =>
        _emulator.AddFault(new { kind = "Rewrite", method, pathPrefix = path, find, replaceWith, times = 100 });

    [Theory]
    [InlineData("POST", "/v2/auth/challenge", "\"challenge\":\"", "\"challenge\":7,\"was\":\"", "'challenge' is not text")]
    [InlineData("POST", "/v2/auth/challenge", "{\"challenge\"", "{challenge", "answer to POST auth/challenge is not the JSON the API describes")]
    [InlineData("POST", "/v2/auth/challenge", "", "", "'challenge' is missing")] // an empty body
    [InlineData("POST", "/v2/auth/token/redeem", "", "[\"tokens\"]", "it is not an object")]
    [InlineData("POST", "/v2/auth/token/redeem", "\"accessToken\":{", "\"accessTokenNext\":{", "'accessToken.token' is missing")]
    [InlineData("POST", "/v2/auth/token/redeem", "\"validUntil\":\"", "\"validUntil\":\"soon ", "'accessToken.validUntil' is not a date and time")]
    [InlineData("GET", "/v2/auth/2", "\"code\":200", "\"code\":\"200\"", "'status.code' is not a whole number")]
    public async Task A_login_answer_without_what_the_client_needs_is_KsefAnswerInvalid_naming_it(string method, string path, string find,
        string replaceWith, string said)
    {
        Rewrite(method, path, find, replaceWith);
        var error = await Assert.ThrowsAsync<KsefException>(Connect);
        Assert.Equal(ErrorIds.KsefAnswerInvalid, error.ErrorId);
        Assert.Contains(said, error.Message);
    }

    [Theory]
    [InlineData("[\"an array\"]")]
    [InlineData("{\"exception\":7,\"errors\":[5],\"security\":\"none\"}")]
    public async Task An_error_body_of_another_shape_still_gives_a_KsefException_for_the_status(string body)
    {
        var session = await Connect();
        Rewrite("POST", "/v2/tokens", "", body);
        var error = await Assert.ThrowsAsync<KsefException>(() =>
            KsefTokens.CreateAsync(session, [KsefTokenPermission.InvoiceRead], "too", null, CancellationToken.None)); // 400: too short
        Assert.Equal(400, error.Server?.HttpStatus);
    }

    [Fact]
    public async Task A_token_list_with_a_status_that_is_not_text_or_an_entry_that_is_not_an_object_is_KsefAnswerInvalid_and_one_without_an_author_is_read()
    {
        var session = await Connect();
        await KsefTokens.CreateAsync(session, [KsefTokenPermission.InvoiceRead], "malformed answers", null, CancellationToken.None);
        Rewrite("GET", "/v2/tokens", "\"authorIdentifier\":", "\"authorIdentifierNext\":");
        Rewrite("GET", "/v2/tokens", "\"contextIdentifier\":{", "\"contextIdentifier\":5,\"was\":{"); // optional, of another kind
        var listed = Assert.Single(await KsefTokens.ListAsync(session, [], CancellationToken.None));
        Assert.Equal("malformed answers", listed.Description);
        Assert.Null(listed.Author);
        Assert.Equal(session.Context, listed.Context);
        _emulator.ClearFaults();
        Rewrite("GET", "/v2/tokens", "\"status\":\"Active\"", "\"status\":7");
        var error = await Assert.ThrowsAsync<KsefException>(() => KsefTokens.ListAsync(session, [], CancellationToken.None));
        Assert.Equal(ErrorIds.KsefAnswerInvalid, error.ErrorId);
        Assert.Contains("'status' is not text", error.Message);
        _emulator.ClearFaults();
        Rewrite("GET", "/v2/tokens", "\"tokens\":[", "\"tokens\":[7,"); // passing over an entry could lose a token
        error = await Assert.ThrowsAsync<KsefException>(() => KsefTokens.ListAsync(session, [], CancellationToken.None));
        Assert.Equal(ErrorIds.KsefAnswerInvalid, error.ErrorId);
        Assert.Contains("'tokens' holds an entry that is not an object", error.Message);
    }
}
