using System.Text.Json.Nodes;
using KsefPS.Core.Status;

namespace KsefPS.Core.Tests.Status;

public sealed class RatePacerTests
{
    private DateTimeOffset _now = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_group_fits_its_per_second_limit_and_then_waits_until_the_oldest_request_leaves_the_window()
    {
        var pacer = new RatePacer(() => _now);
        var group = new RateLimitGroup("test", 3, 100, 1000);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(TimeSpan.Zero, pacer.TryTake(group));
            _now += TimeSpan.FromMilliseconds(100);
        }
        var wait = pacer.TryTake(group);
        // the first request left at 0 ms, the window is 1 s plus the margin, it is 300 ms now
        Assert.InRange(wait, TimeSpan.FromMilliseconds(700), TimeSpan.FromMilliseconds(1000));
        _now += wait;
        Assert.Equal(TimeSpan.Zero, pacer.TryTake(group));
    }

    [Fact]
    public void The_per_minute_and_per_hour_windows_hold_too()
    {
        var pacer = new RatePacer(() => _now);
        var group = new RateLimitGroup("test", 100, 2, 3);
        Assert.Equal(TimeSpan.Zero, pacer.TryTake(group));
        _now += TimeSpan.FromSeconds(10);
        Assert.Equal(TimeSpan.Zero, pacer.TryTake(group));
        var minute = pacer.TryTake(group);
        Assert.InRange(minute, TimeSpan.FromSeconds(50), TimeSpan.FromSeconds(51));
        _now += minute;
        Assert.Equal(TimeSpan.Zero, pacer.TryTake(group));
        _now += TimeSpan.FromMinutes(2);
        var hour = pacer.TryTake(group);
        Assert.InRange(hour, TimeSpan.FromMinutes(56), TimeSpan.FromMinutes(58));
    }

    [Fact]
    public async Task Groups_are_counted_apart_and_KSeF_s_effective_limits_replace_the_defaults()
    {
        var pacer = new RatePacer(() => _now);
        await pacer.LoadLimitsOnceAsync(() => Task.FromResult<JsonNode?>(JsonNode.Parse("""{"invoiceSend":{"perSecond":1,"perMinute":1,"perHour":1},"sessionMisc":{"perSecond":"x"}}""")));
        Assert.Equal(new RateLimitGroup("invoiceSend", 1, 1, 1), pacer.Effective(RateLimitGroup.InvoiceSend));
        Assert.Equal(RateLimitGroup.SessionMisc, pacer.Effective(RateLimitGroup.SessionMisc)); // an answer it cannot read leaves the default
        Assert.Equal(TimeSpan.Zero, pacer.TryTake(pacer.Effective(RateLimitGroup.InvoiceSend)));
        Assert.True(pacer.TryTake(pacer.Effective(RateLimitGroup.InvoiceSend)) > TimeSpan.Zero);
        Assert.Equal(TimeSpan.Zero, pacer.TryTake(RateLimitGroup.BatchSession));
    }

    [Fact]
    public void In_the_other_group_every_endpoint_has_its_own_count_whatever_reference_it_names()
    {
        var pacer = new RatePacer(() => _now);
        var other = new RateLimitGroup("other", 1, 1, 1);
        string Counter(string method, string route) => RateLimitGroup.CounterOf(RateLimitGroup.Other, method, route);

        Assert.Equal(TimeSpan.Zero, pacer.TryTake(other, Counter("POST", "permissions/persons/grants")));
        Assert.Equal(TimeSpan.Zero, pacer.TryTake(other, Counter("GET", "permissions/operations/20261203-PO-0000000001-0000000000-00")));
        Assert.Equal(TimeSpan.Zero, pacer.TryTake(other, Counter("GET", "tokens?pageSize=100")));
        Assert.Equal(TimeSpan.Zero, pacer.TryTake(other, Counter("POST", "tokens")));
        Assert.True(pacer.TryTake(other, Counter("GET", "permissions/operations/20261203-PO-0000000002-0000000000-00")) > TimeSpan.Zero);
        Assert.True(pacer.TryTake(other, Counter("GET", "tokens")) > TimeSpan.Zero);
        // a named group counts as one, whatever the endpoint
        Assert.Equal("invoiceSend", RateLimitGroup.CounterOf(RateLimitGroup.InvoiceSend, "POST", "sessions/online/20261203-SO-0000000000-0000000000-00/invoices"));
    }

    [Fact]
    public async Task A_close_counts_with_the_openings_until_KSeF_reports_a_group_of_its_own()
    {
        var pacer = new RatePacer(() => _now);
        var close = RateLimitGroup.Of("sessions/online/20261203-SO-0000000000-0000000000-00/close")!;
        Assert.Equal(RateLimitGroup.OnlineSession, pacer.Effective(close));
        await pacer.LoadLimitsOnceAsync(() => Task.FromResult<JsonNode?>(JsonNode.Parse("""{"onlineSession":{"perSecond":1,"perMinute":1,"perHour":1}}""")));
        var opening = pacer.Effective(RateLimitGroup.OnlineSession);
        Assert.Equal(opening, pacer.Effective(close)); // API 2.6/2.7: one group, one count
        Assert.Equal(TimeSpan.Zero, pacer.TryTake(opening));
        Assert.True(pacer.TryTake(pacer.Effective(close)) > TimeSpan.Zero);

        pacer.Use(JsonNode.Parse("""{"onlineSession":{"perSecond":1,"perMinute":1,"perHour":1},"onlineSessionClose":{"perSecond":2,"perMinute":2,"perHour":2}}""")!.AsObject());
        Assert.Equal(new RateLimitGroup("onlineSessionClose", 2, 2, 2), pacer.Effective(close)); // API 2.8: counted apart
        Assert.Equal(TimeSpan.Zero, pacer.TryTake(pacer.Effective(close)));
    }

    [Theory]
    [InlineData("sessions/online/20261203-SO-0000000000-0000000000-00/invoices", "invoiceSend")]
    [InlineData("sessions/online", "onlineSession")]
    [InlineData("sessions/online/20261203-SO-0000000000-0000000000-00/close", "onlineSessionClose")]
    [InlineData("sessions/batch", "batchSession")]
    [InlineData("sessions/batch/20261203-SB-0000000000-0000000000-00/close", "batchSessionClose")]
    [InlineData("sessions/20261203-SB-0000000000-0000000000-00/invoices?pageSize=1000", "sessionInvoiceList")]
    [InlineData("sessions/20261203-SB-0000000000-0000000000-00/invoices/failed", "sessionInvoiceList")]
    [InlineData("sessions/20261203-SB-0000000000-0000000000-00/invoices/20261203-EE-0000000000-0000000000-00", "invoiceStatus")]
    [InlineData("sessions?sessionType=Batch", "sessionList")]
    [InlineData("sessions/20261203-SB-0000000000-0000000000-00", "sessionMisc")]
    [InlineData("sessions/20261203-SB-0000000000-0000000000-00/upo/20261203-EU-0000000000-0000000000-00", "sessionMisc")]
    [InlineData("invoices/query/metadata?pageSize=250", "invoiceMetadata")]
    [InlineData("invoices/exports", "invoiceExport")]
    [InlineData("invoices/exports/20261203-EH-0000000000-0000000000-00", "invoiceExportStatus")]
    [InlineData("invoices/ksef/5265877635-20250826-0100001AF629-AF", "invoiceDownload")]
    [InlineData("tokens", "other")]
    [InlineData("auth/sessions", "other")]
    public void Routes_fall_in_KSeF_s_groups(string route, string group) => Assert.Equal(group, RateLimitGroup.Of(route)!.Name);

    [Theory]
    [InlineData("auth/challenge")]
    [InlineData("security/public-key-certificates")]
    [InlineData("https://storage.example/part?sig=1")]
    public void Authentication_and_storage_are_not_paced_here(string route) => Assert.Null(RateLimitGroup.Of(route));
}
