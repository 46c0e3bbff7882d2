using System.Text.Json.Nodes;
using KsefPS.Core.Identifiers;

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
}
