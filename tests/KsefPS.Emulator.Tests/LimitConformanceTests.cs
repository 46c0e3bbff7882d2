using System.Text.Json.Nodes;
using KsefPS.Core.Identifiers;
using KsefPS.Testing;

namespace KsefPS.Emulator.Tests;

/// <summary>The limits a session can read, checked against the OpenAPI schemas.</summary>
public sealed class LimitConformanceTests(ConformanceEmulatorFixture fixture) : IClassFixture<ConformanceEmulatorFixture>
{
    private readonly EmulatorClient _client = new(fixture.Emulator);

    [Fact]
    public void Context_subject_and_rate_limits_conform()
    {
        var owner = _client.LoginAsOwner(Nip.NewRandom());

        var context = _client.Send(HttpMethod.Get, "/v2/limits/context", owner);
        var subject = _client.Send(HttpMethod.Get, "/v2/limits/subject", owner);
        var rates = _client.Send(HttpMethod.Get, "/v2/rate-limits", owner);

        Assert.Equal(10000, context.Json!["batchSession"]!["maxInvoices"]!.GetValue<int>());
        Assert.Equal(100, subject.Json!["certificate"]!["maxCertificates"]!.GetValue<int>());
        Assert.True(rates.Json!["invoiceSend"]!["perHour"]!.GetValue<int>() > 0);
        Assert.Equal(401, _client.Send(HttpMethod.Get, "/v2/limits/context").Status);
    }

    [Fact]
    public void Certificate_limits_are_the_current_subjects_own_and_need_its_token()
    {
        var first = _client.LoginAsOwner(Nip.NewRandom());
        var second = _client.LoginAsOwner(Nip.NewRandom());
        var lowered = new JsonObject { ["subjectIdentifierType"] = "Nip", ["certificate"] = new JsonObject { ["maxCertificates"] = 1 } };

        Assert.Equal(401, _client.Send(HttpMethod.Post, "/v2/testdata/limits/subject/certificate", json: lowered).Status);
        Assert.Equal(200, _client.Send(HttpMethod.Post, "/v2/testdata/limits/subject/certificate", first, json: lowered).Status);
        int CertificateLimit(string access) => _client.Send(HttpMethod.Get, "/v2/certificates/limits", access).Json!["certificate"]!["limit"]!.GetValue<int>();
        Assert.Equal(1, CertificateLimit(first));
        Assert.Equal(100, CertificateLimit(second));
        Assert.Equal(200, _client.Send(HttpMethod.Delete, "/v2/testdata/limits/subject/certificate", first).Status);
        Assert.Equal(100, CertificateLimit(first));
    }

    [Fact]
    public void Test_rate_limits_take_every_group_within_ten_times_production_and_name_every_error()
    {
        var owner = _client.LoginAsOwner(Nip.NewRandom());
        var groups = _client.Send(HttpMethod.Get, "/v2/rate-limits", owner).Json!.AsObject().Select(g => g.Key).ToList();

        // As KSeF's validator answered the official Java client: one line per missing group, and the value out of range
        var wrong = _client.Send(HttpMethod.Post, "/v2/testdata/rate-limits", owner, json: new JsonObject
        {
            ["rateLimits"] = new JsonObject { ["onlineSession"] = new JsonObject { ["perSecond"] = 1, ["perMinute"] = 1, ["perHour"] = 11_111_111 } },
        });
        Assert.Equal(21405, wrong.ExceptionCode);
        var details = wrong.Json!["exception"]!["exceptionDetailList"]![0]!["details"]!.AsArray().Select(d => d!.GetValue<string>()).ToList();
        Assert.Equal(groups.Count, details.Count);
        Assert.Contains("'rateLimits.onlineSession.perHour' must be between 1 and 1200. You entered 11111111.", details);

        var lowered = new JsonObject(groups.Select(g => KeyValuePair.Create(g, (JsonNode?)new JsonObject { ["perSecond"] = 2, ["perMinute"] = 5, ["perHour"] = 9 })));
        Assert.Equal(200, _client.Send(HttpMethod.Post, "/v2/testdata/rate-limits", owner, json: new JsonObject { ["rateLimits"] = lowered }).Status);
    }

    [Fact]
    public void Every_endpoint_of_the_other_group_has_a_counter_of_its_own()
    {
        using var limited = EmulatorProcess.Start("--Emulator:AuthProcessingDelay=00:00:00");
        using var client = new EmulatorClient(limited);
        var owner = client.LoginAsOwner(Nip.NewRandom());
        var once = new JsonObject(client.Send(HttpMethod.Get, "/v2/rate-limits", owner).Json!.AsObject()
            .Select(g => KeyValuePair.Create(g.Key, (JsonNode?)new JsonObject { ["perSecond"] = 1, ["perMinute"] = 1, ["perHour"] = 1 })));
        Assert.Equal(200, client.Send(HttpMethod.Post, "/v2/testdata/rate-limits", owner, json: new JsonObject { ["rateLimits"] = once }).Status);

        // limity-api.md: "Każdy taki endpoint posiada własny licznik limitów, a jego żądania nie wpływają na inne zasoby."
        Assert.Equal(200, client.Send(HttpMethod.Get, "/v2/limits/context", owner).Status);
        Assert.Equal(429, client.Send(HttpMethod.Get, "/v2/limits/context", owner).Status);
        Assert.Equal(200, client.Send(HttpMethod.Get, "/v2/limits/subject", owner).Status);
        Assert.NotEqual(429, client.Send(HttpMethod.Get, "/v2/tokens/20261203-TK-0000000001-0000000000-00", owner).Status);
        Assert.Equal(429, client.Send(HttpMethod.Get, "/v2/tokens/20261203-TK-0000000002-0000000000-00", owner).Status); // one endpoint, whatever the reference
    }
}
