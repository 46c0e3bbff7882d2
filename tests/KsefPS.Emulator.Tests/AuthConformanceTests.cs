using System.Text.Json.Nodes;
using KsefPS.Core.Api.Auth;
using KsefPS.Core.Certificates;
using KsefPS.Core.Identifiers;
using KsefPS.Core.Signing;
using KsefPS.Testing;

namespace KsefPS.Emulator.Tests;

public sealed class ConformanceEmulatorFixture : IDisposable
{
    public EmulatorProcess Emulator { get; } = EmulatorProcess.Start("--Emulator:AuthProcessingDelay=00:00:00", "--Emulator:RateLimits=false",
        "--Emulator:TokenActivationDelay=00:00:01");

    public void Dispose() => Emulator.Dispose();
}

/// <summary>The whole authentication conversation, every answer validated against the official OpenAPI schemas.</summary>
public sealed class AuthConformanceTests(ConformanceEmulatorFixture fixture) : IClassFixture<ConformanceEmulatorFixture>
{
    private readonly EmulatorClient _client = new(fixture.Emulator);

    private string Challenge() => _client.Send(HttpMethod.Post, "/v2/auth/challenge").Json!["challenge"]!.GetValue<string>();

    private static string Signed(string challenge, string nip, KeyAlgorithm algorithm = KeyAlgorithm.EcP256, string? contextNip = null)
    {
        using var signer = TestCertificateFactory.Create(new TestCertificateRequest { GivenName = "A", Surname = "R", Nip = nip, KeyAlgorithm = algorithm });
        return XadesSigner.SignEnveloped(AuthTokenRequestXml.Build(challenge, ContextIdentifier.Create(ContextIdentifierType.Nip, contextNip ?? nip),
            SubjectIdentifierType.CertificateSubject), signer);
    }

    private (string Reference, string OperationToken) Submit(string xml)
    {
        var answer = _client.Send(HttpMethod.Post, "/v2/auth/xades-signature?verifyCertificateChain=false", xml: xml);
        Assert.Equal(202, answer.Status);
        return (answer.Json!["referenceNumber"]!.GetValue<string>(), answer.Json["authenticationToken"]!["token"]!.GetValue<string>());
    }

    private JsonNode WaitForStatus(string reference, string operationToken)
    {
        while (true)
        {
            var status = _client.Send(HttpMethod.Get, "/v2/auth/" + reference, bearer: operationToken);
            Assert.Equal(200, status.Status);
            if (status.Json!["status"]!["code"]!.GetValue<int>() != 100)
            {
                return status.Json;
            }
        }
    }

    [Theory]
    [InlineData(KeyAlgorithm.EcP256)]
    [InlineData(KeyAlgorithm.Rsa2048)]
    public void Full_xades_flow_conforms(KeyAlgorithm algorithm)
    {
        var nip = Nip.NewRandom();
        var (reference, operationToken) = Submit(Signed(Challenge(), nip, algorithm));
        Assert.Equal(200, WaitForStatus(reference, operationToken)["status"]!["code"]!.GetValue<int>());

        var tokens = _client.Send(HttpMethod.Post, "/v2/auth/token/redeem", bearer: operationToken);
        Assert.Equal(200, tokens.Status);
        var access = tokens.Json!["accessToken"]!["token"]!.GetValue<string>();
        var refresh = tokens.Json["refreshToken"]!["token"]!.GetValue<string>();

        var again = _client.Send(HttpMethod.Post, "/v2/auth/token/redeem", bearer: operationToken);
        Assert.Equal(400, again.Status);
        Assert.Equal(21301, again.Json!["exception"]!["exceptionDetailList"]![0]!["exceptionCode"]!.GetValue<int>());

        Assert.Equal(200, _client.Send(HttpMethod.Post, "/v2/auth/token/refresh", bearer: refresh).Status);
        var sessions = _client.Send(HttpMethod.Get, "/v2/auth/sessions", bearer: access);
        Assert.Contains(sessions.Json!["items"]!.AsArray(), i => i!["referenceNumber"]!.GetValue<string>() == reference && i["isCurrent"]!.GetValue<bool>());

        Assert.Equal(204, _client.Send(HttpMethod.Delete, "/v2/auth/sessions/current", bearer: refresh).Status);
        Assert.Equal(425, WaitForStatus(reference, operationToken)["status"]!["code"]!.GetValue<int>());
        var refused = _client.Send(HttpMethod.Post, "/v2/auth/token/refresh", bearer: refresh, problemDetails: true);
        Assert.Equal(400, refused.Status);
        Assert.Equal(21301, refused.Json!["errors"]![0]!["code"]!.GetValue<int>());
    }

    [Fact]
    public void Active_authentications_page_by_continuation_token_and_a_revoked_one_leaves_the_list()
    {
        var nip = Nip.NewRandom();
        var current = Enumerable.Range(0, 12).Select(_ => _client.LoginAsOwner(nip)).ToList()[^1];

        var first = _client.Send(HttpMethod.Get, "/v2/auth/sessions?pageSize=10", bearer: current);
        var token = first.Json!["continuationToken"]!.GetValue<string>();
        var second = _client.Send(HttpMethod.Get, "/v2/auth/sessions?pageSize=10", bearer: current, continuationToken: token);
        Assert.Null(second.Json!["continuationToken"]);
        var listed = first.Json["items"]!.AsArray().Concat(second.Json["items"]!.AsArray()).Select(i => i!).ToList();
        Assert.Equal(12, listed.Select(i => i["referenceNumber"]!.GetValue<string>()).Distinct().Count());
        Assert.Single(listed, i => i["isCurrent"]!.GetValue<bool>());
        var started = listed.Select(i => DateTimeOffset.Parse(i["startDate"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(started.OrderByDescending(d => d), started);

        var other = listed.First(i => !i["isCurrent"]!.GetValue<bool>())["referenceNumber"]!.GetValue<string>();
        Assert.Equal(204, _client.Send(HttpMethod.Delete, "/v2/auth/sessions/" + other, bearer: current).Status);
        var after = _client.Send(HttpMethod.Get, "/v2/auth/sessions?pageSize=100", bearer: current).Json!["items"]!.AsArray();
        Assert.Equal(11, after.Count);
        Assert.DoesNotContain(after, i => i!["referenceNumber"]!.GetValue<string>() == other);

        Assert.Equal(21418, _client.Send(HttpMethod.Get, "/v2/auth/sessions", bearer: current, continuationToken: "10").ExceptionCode);
        Assert.Equal(21405, _client.Send(HttpMethod.Get, "/v2/auth/sessions?pageSize=9", bearer: current).ExceptionCode);
        Assert.Equal(21405, _client.Send(HttpMethod.Get, "/v2/auth/sessions?pageSize=101", bearer: current).ExceptionCode);
    }

    [Fact]
    public void Tokens_page_by_continuation_token_newest_first()
    {
        var access = _client.LoginAsOwner(Nip.NewRandom());
        var made = Enumerable.Range(0, 12).Select(i => _client.Send(HttpMethod.Post, "/v2/tokens", bearer: access,
            json: new JsonObject { ["permissions"] = new JsonArray("InvoiceRead"), ["description"] = $"paging token {i}" }).Json!["referenceNumber"]!.GetValue<string>()).ToList();

        var first = _client.Send(HttpMethod.Get, "/v2/tokens", bearer: access);
        Assert.Equal(10, first.Json!["tokens"]!.AsArray().Count);
        var second = _client.Send(HttpMethod.Get, "/v2/tokens", bearer: access, continuationToken: first.Json["continuationToken"]!.GetValue<string>());
        Assert.Null(second.Json!["continuationToken"]);
        var listed = first.Json["tokens"]!.AsArray().Concat(second.Json["tokens"]!.AsArray()).Select(t => t!["referenceNumber"]!.GetValue<string>()).ToList();
        Assert.Equal(made.ToHashSet(), listed.ToHashSet());
        Assert.Equal(12, listed.Count);
        Assert.Equal(21418, _client.Send(HttpMethod.Get, "/v2/tokens", bearer: access, continuationToken: "not a token").ExceptionCode);
    }

    [Fact]
    public void The_access_token_carries_subject_details_and_permissions_as_KSeF_writes_them()
    {
        var nip = Nip.NewRandom();
        var payload = _client.LoginAsOwner(nip).Split('.')[1].Replace('-', '+').Replace('_', '/');
        var claims = JsonNode.Parse(Convert.FromBase64String(payload.PadRight(payload.Length + (4 - payload.Length % 4) % 4, '=')))!;

        // OpenAPI example: "subject-details":"{\"SubjectIdentifier\":{\"Type\":\"Nip\",\"Value\":\"3756977049\"}}"; per holds Owner for an owner
        var subject = JsonNode.Parse(claims["sud"]!.GetValue<string>())!["SubjectIdentifier"]!;
        Assert.Equal("Nip", subject["Type"]!.GetValue<string>());
        Assert.Equal(nip, subject["Value"]!.GetValue<string>());
        Assert.Contains("Owner", JsonNode.Parse(claims["per"]!.GetValue<string>())!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Equal("ContextToken", claims["typ"]!.GetValue<string>());
        Assert.Equal(nip, claims["civ"]!.GetValue<string>());
    }

    [Fact]
    public void A_reused_challenge_is_refused_with_21111()
    {
        var nip = Nip.NewRandom();
        var document = Signed(Challenge(), nip);
        Submit(document);
        var second = _client.Send(HttpMethod.Post, "/v2/auth/xades-signature", xml: document);
        Assert.Equal(400, second.Status);
        Assert.Equal(21111, second.Json!["exception"]!["exceptionDetailList"]![0]!["exceptionCode"]!.GetValue<int>());
    }

    [Fact]
    public void An_unknown_challenge_is_refused_with_21111()
    {
        var answer = _client.Send(HttpMethod.Post, "/v2/auth/xades-signature", xml: Signed("20250514-CR-226FB7B000-3ACF9BE4C0-10", Nip.NewRandom()), problemDetails: true);
        Assert.Equal(400, answer.Status);
        Assert.Equal("application/problem+json", answer.ContentType);
        Assert.Equal(21111, answer.Json!["errors"]![0]!["code"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("tampered", 9105)]
    [InlineData("unsigned", 9102)]
    [InlineData("twice", 9103)]
    [InlineData("not xml", 21001)]
    public void Broken_signatures_get_their_codes(string how, int code)
    {
        var nip = Nip.NewRandom();
        var challenge = Challenge();
        var signed = Signed(challenge, nip);
        var body = how switch
        {
            "tampered" => signed.Replace($"<Nip>{nip}</Nip>", $"<Nip>{Nip.NewRandom()}</Nip>", StringComparison.Ordinal),
            "unsigned" => AuthTokenRequestXml.Build(challenge, ContextIdentifier.Create(ContextIdentifierType.Nip, nip), SubjectIdentifierType.CertificateSubject),
            "twice" => signed.Replace("</AuthTokenRequest>", signed[signed.IndexOf("<Signature", StringComparison.Ordinal)..signed.IndexOf("</AuthTokenRequest>", StringComparison.Ordinal)] + "</AuthTokenRequest>", StringComparison.Ordinal),
            _ => "this is not xml",
        };
        var answer = _client.Send(HttpMethod.Post, "/v2/auth/xades-signature", xml: body);
        Assert.Equal(400, answer.Status);
        Assert.Equal(code, answer.Json!["exception"]!["exceptionDetailList"]![0]!["exceptionCode"]!.GetValue<int>());
    }

    [Fact]
    public void A_request_that_breaks_the_XSD_is_refused_with_21401()
    {
        using var signer = TestCertificateFactory.Create(new TestCertificateRequest { GivenName = "A", Surname = "R", Nip = "5265877635" });
        var xml = AuthTokenRequestXml.Build(Challenge(), ContextIdentifier.Create(ContextIdentifierType.Nip, "5265877635"), SubjectIdentifierType.CertificateSubject)
            .Replace("certificateSubject", "somethingElse", StringComparison.Ordinal);
        var answer = _client.Send(HttpMethod.Post, "/v2/auth/xades-signature", xml: XadesSigner.SignEnveloped(xml, signer));
        Assert.Equal(400, answer.Status);
        Assert.Equal(21401, answer.Json!["exception"]!["exceptionDetailList"]![0]!["exceptionCode"]!.GetValue<int>());
    }

    [Fact]
    public void No_rights_in_the_context_ends_in_status_415()
    {
        var (reference, operationToken) = Submit(Signed(Challenge(), Nip.NewRandom(), contextNip: Nip.NewRandom()));
        Assert.Equal(415, WaitForStatus(reference, operationToken)["status"]!["code"]!.GetValue<int>());
        Assert.Equal(400, _client.Send(HttpMethod.Post, "/v2/auth/token/redeem", bearer: operationToken).Status);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[\"an array\"]")]
    public void A_body_that_is_not_the_endpoint_s_JSON_is_21405_in_KSeF_s_error_body(string body)
    {
        var answer = _client.Send(HttpMethod.Post, "/v2/auth/ksef-token", rawJson: body); // checked against the OpenAPI schema
        Assert.Equal(400, answer.Status);
        Assert.Equal(21405, answer.ExceptionCode);
        var access = _client.LoginAsOwner(Nip.NewRandom());
        var problem = _client.Send(HttpMethod.Post, "/v2/tokens", bearer: access, rawJson: body, problemDetails: true);
        Assert.Equal(400, problem.Status);
        Assert.Equal(21405, problem.Json!["errors"]![0]!["code"]!.GetValue<int>());
        // JSON of the right shape with an entry of another kind is refused by the endpoint's own checks, not a 500.
        var entry = _client.Send(HttpMethod.Post, "/v2/tokens", bearer: access, rawJson: """{"description":"an odd entry","permissions":[5]}""");
        Assert.Equal(400, entry.Status);
        Assert.Equal(21405, entry.ExceptionCode);
    }

    [Fact]
    public void Protected_endpoints_need_a_token_and_answer_401_problem_details()
    {
        var answer = _client.Send(HttpMethod.Get, "/v2/auth/sessions", bearer: "not-a-token");
        Assert.Equal(401, answer.Status);
        Assert.Equal("application/problem+json", answer.ContentType);
        Assert.Equal("Wymagane jest uwierzytelnienie.", answer.Json!["detail"]!.GetValue<string>()); // KSeF's words
        var invalid = _client.Send(HttpMethod.Get, "/v2/auth/sessions?pageSize=9", bearer: _client.LoginAsOwner(Nip.NewRandom()), problemDetails: true);
        Assert.Equal("Żądanie jest nieprawidłowe.", invalid.Json!["detail"]!.GetValue<string>());
        Assert.Equal(21405, invalid.Json["errors"]![0]!["code"]!.GetValue<int>());
    }

    [Fact]
    public void Public_keys_are_listed_with_their_usages()
    {
        var keys = _client.Send(HttpMethod.Get, "/v2/security/public-key-certificates").Json!.AsArray();
        var usages = keys.SelectMany(k => k!["usage"]!.AsArray().Select(u => u!.GetValue<string>())).ToList();
        Assert.Contains("KsefTokenEncryption", usages);
        Assert.Contains("SymmetricKeyEncryption", usages);
    }

    [Fact]
    public void Ksef_token_requests_bind_PascalCase_names_tokens_are_managed_and_a_token_session_cannot_make_one()
    {
        var nip = Nip.NewRandom();
        var (reference, operationToken) = Submit(Signed(Challenge(), nip));
        WaitForStatus(reference, operationToken);
        var access = _client.Send(HttpMethod.Post, "/v2/auth/token/redeem", bearer: operationToken).Json!["accessToken"]!["token"]!.GetValue<string>();

        var issued = _client.Send(HttpMethod.Post, "/v2/tokens", bearer: access, rawJson: """{"Permissions":["InvoiceRead"],"Description":"PascalCase client"}""");
        Assert.Equal(202, issued.Status);
        var tokenReference = issued.Json!["referenceNumber"]!.GetValue<string>();
        var token = issued.Json["token"]!.GetValue<string>();
        string StatusOfToken() => _client.Send(HttpMethod.Get, "/v2/tokens/" + tokenReference, bearer: access).Json!["status"]!.GetValue<string>();

        (JsonNode Status, EmulatorClient.Answer Login) LogInWithToken()
        {
            var challenge = _client.Send(HttpMethod.Post, "/v2/auth/challenge").Json!;
            var (encrypted, keyId) = _client.EncryptToken(token, challenge["timestampMs"]!.GetValue<long>());
            var login = _client.Send(HttpMethod.Post, "/v2/auth/ksef-token", rawJson: $$"""
                {"Challenge":"{{challenge["challenge"]}}","ContextIdentifier":{"Type":"Nip","Value":"{{nip}}"},"EncryptedToken":"{{encrypted}}","PublicKeyId":"{{keyId}}"}
                """);
            Assert.Equal(202, login.Status);
            return (WaitForStatus(login.Json!["referenceNumber"]!.GetValue<string>(), login.Json["authenticationToken"]!["token"]!.GetValue<string>()), login);
        }

        // POST /tokens is 202: the token is Pending, and cannot log in, until KSeF has activated it
        Assert.Equal("Pending", StatusOfToken());
        var early = LogInWithToken().Status["status"]!;
        Assert.Equal(450, early["code"]!.GetValue<int>());
        Assert.Equal(["Token nieaktywny"], early["details"]!.AsArray().Select(d => d!.GetValue<string>()));
        while (StatusOfToken() == "Pending")
        {
        }
        Assert.Contains(_client.Send(HttpMethod.Get, "/v2/tokens?status=Active", bearer: access).Json!["tokens"]!.AsArray(),
            t => t!["referenceNumber"]!.GetValue<string>() == tokenReference);

        var (status, login) = LogInWithToken();
        Assert.Equal(200, status["status"]!["code"]!.GetValue<int>());
        Assert.Equal("Token", status["authenticationMethod"]!.GetValue<string>());
        var tokenSession = _client.Send(HttpMethod.Post, "/v2/auth/token/redeem", bearer: login.Json!["authenticationToken"]!["token"]!.GetValue<string>())
            .Json!["accessToken"]!["token"]!.GetValue<string>();
        // tokeny-ksef.md: tokens are made only after a XAdES authentication, so a token cannot make another.
        var madeByToken = _client.Send(HttpMethod.Post, "/v2/tokens", bearer: tokenSession,
            json: new JsonObject { ["permissions"] = new JsonArray("InvoiceRead"), ["description"] = "a token's own token" });
        Assert.Equal(403, madeByToken.Status);
        Assert.Equal("auth-method-not-allowed", madeByToken.Json!["reasonCode"]!.GetValue<string>());
        Assert.Equal("Token", madeByToken.Json["security"]!["authenticationMethodCategory"]!.GetValue<string>());

        Assert.Equal(204, _client.Send(HttpMethod.Delete, "/v2/tokens/" + tokenReference, bearer: access).Status);
        Assert.Equal("Revoked", StatusOfToken());
        Assert.Equal(["Token unieważniony"], LogInWithToken().Status["status"]!["details"]!.AsArray().Select(d => d!.GetValue<string>()));
        var unknownKey = _client.Send(HttpMethod.Post, "/v2/auth/ksef-token", json: new JsonObject
        {
            ["challenge"] = Challenge(),
            ["contextIdentifier"] = new JsonObject { ["type"] = "Nip", ["value"] = nip },
            ["encryptedToken"] = Convert.ToBase64String(new byte[256]),
            ["publicKeyId"] = Convert.ToBase64String(new byte[32]),
        });
        Assert.Equal(400, unknownKey.Status);
        Assert.Equal(21470, unknownKey.Json!["exception"]!["exceptionDetailList"]![0]!["exceptionCode"]!.GetValue<int>());
    }

    [Fact]
    public void Rotated_keys_replace_the_listed_ones_and_requests_naming_the_withdrawn_ones_get_21470()
    {
        // Its own emulator: the rotation must not reach the other tests' keys.
        using var emulator = EmulatorProcess.Start("--Emulator:AuthProcessingDelay=00:00:00", "--Emulator:RateLimits=false");
        using var client = new EmulatorClient(emulator);
        var nip = Nip.NewRandom();
        var access = client.LoginAsOwner(nip);
        Dictionary<string, string> Listed() => client.Send(HttpMethod.Get, "/v2/security/public-key-certificates").Json!.AsArray()
            .ToDictionary(k => k!["usage"]![0]!.GetValue<string>(), k => k!["publicKeyId"]!.GetValue<string>());
        JsonObject OpenRequest(JsonObject encryption) => new()
        {
            ["formCode"] = new JsonObject { ["systemCode"] = "FA (3)", ["schemaVersion"] = "1-0E", ["value"] = "FA" },
            ["encryption"] = encryption,
        };
        var (key, iv) = (new byte[32], new byte[16]);
        var before = Listed();
        emulator.AddFault(new { pathPrefix = "/v2/security/public-key-certificates", method = "GET", kind = "RotateKeys" });

        var stale = client.Encryption(key, iv); // the list as it was, rotated right after this answer
        var after = Listed();

        Assert.Equal(before["SymmetricKeyEncryption"], stale["publicKeyId"]!.GetValue<string>());
        Assert.Equal(["KsefTokenEncryption", "SymmetricKeyEncryption"], after.Keys.Order());
        Assert.Empty(before.Values.Intersect(after.Values));
        Assert.Equal(21470, client.Send(HttpMethod.Post, "/v2/sessions/online", bearer: access, json: OpenRequest(stale)).ExceptionCode);
        Assert.Equal(201, client.Send(HttpMethod.Post, "/v2/sessions/online", bearer: access, json: OpenRequest(client.Encryption(key, iv))).Status);
        var staleToken = client.Send(HttpMethod.Post, "/v2/auth/ksef-token", json: new JsonObject
        {
            ["challenge"] = client.Send(HttpMethod.Post, "/v2/auth/challenge").Json!["challenge"]!.GetValue<string>(),
            ["contextIdentifier"] = new JsonObject { ["type"] = "Nip", ["value"] = nip },
            ["encryptedToken"] = Convert.ToBase64String(new byte[256]),
            ["publicKeyId"] = before["KsefTokenEncryption"],
        });
        Assert.Equal(21470, staleToken.ExceptionCode);
    }

    [Fact]
    public void Injected_429_carries_Retry_After_in_both_body_styles()
    {
        fixture.Emulator.AddFault(new { pathPrefix = "/v2/security/", kind = "TooManyRequests", retryAfterSeconds = 7, times = 2 });
        var legacy = _client.Send(HttpMethod.Get, "/v2/security/public-key-certificates");
        var problem = _client.Send(HttpMethod.Get, "/v2/security/public-key-certificates", problemDetails: true);
        Assert.Equal(429, legacy.Status);
        Assert.Equal(TimeSpan.FromSeconds(7), legacy.Response.Headers.RetryAfter!.Delta);
        Assert.Equal(429, legacy.Json!["status"]!["code"]!.GetValue<int>());
        Assert.Equal(429, problem.Status);
        Assert.Equal("Too Many Requests", problem.Json!["title"]!.GetValue<string>());
    }
}
