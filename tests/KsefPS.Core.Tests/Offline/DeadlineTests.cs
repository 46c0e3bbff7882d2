using KsefPS.Core.Offline;
using KsefPS.Core.Status;

namespace KsefPS.Core.Tests.Offline;

public class DeadlineTests
{
    [Theory]
    [InlineData("2025-07-08", "2025-07-09")] // docs example: Wednesday → Thursday
    [InlineData("2026-01-09", "2026-01-12")] // Friday → Monday
    [InlineData("2026-01-10", "2026-01-12")] // Saturday → Monday
    [InlineData("2026-04-03", "2026-04-07")] // Good Friday → Tuesday (Easter Monday 04-06)
    [InlineData("2026-06-03", "2026-06-05")] // Corpus Christi 2026-06-04
    [InlineData("2025-06-18", "2025-06-20")] // Corpus Christi 2025-06-19
    [InlineData("2026-04-30", "2026-05-04")] // 1 May Friday → Monday (3 May is a Sunday)
    [InlineData("2025-05-02", "2025-05-05")] // 3 May 2025 is a Saturday
    [InlineData("2027-04-30", "2027-05-04")] // 1 May Saturday, 3 May Monday → Tuesday
    [InlineData("2026-08-14", "2026-08-17")] // 15 August on a Saturday
    [InlineData("2025-08-14", "2025-08-18")] // 15 August 2025 Friday → Monday
    [InlineData("2025-11-10", "2025-11-12")] // 11 November
    [InlineData("2025-12-23", "2025-12-29")] // 24, 25, 26 December (24th a holiday from 2025), then the weekend
    [InlineData("2024-12-23", "2024-12-24")] // before 2025, 24 December was a working day
    [InlineData("2025-12-31", "2026-01-02")] // New Year
    [InlineData("2026-01-05", "2026-01-07")] // Epiphany 6 January
    [InlineData("2026-12-31", "2027-01-04")] // New Year on Friday, then the weekend
    public void Offline24_is_the_next_business_day(string issued, string expected) =>
        Assert.Equal(DateOnly.Parse(expected), OfflineDeadline.Compute(OfflineMode.Offline24, DateOnly.Parse(issued)));

    [Fact]
    public void Emergency_is_seven_business_days_after_the_failure_ends() =>
        // docs: failure ends Saturday 2025-07-12 → Tuesday 2025-07-22
        Assert.Equal(new DateOnly(2025, 7, 22), OfflineDeadline.Compute(OfflineMode.Emergency, new DateOnly(2025, 7, 8), new DateOnly(2025, 7, 12)));

    [Fact]
    public void Offline_is_the_next_business_day_after_unavailability_ends_and_the_issue_date_without_one()
    {
        Assert.Equal(new DateOnly(2025, 7, 14), OfflineDeadline.Compute(OfflineMode.Offline, new DateOnly(2025, 7, 8), new DateOnly(2025, 7, 11)));
        Assert.Equal(new DateOnly(2025, 7, 9), OfflineDeadline.Compute(OfflineMode.Offline, new DateOnly(2025, 7, 8)));
    }

    [Theory]
    [InlineData(2024, "2024-03-31")]
    [InlineData(2025, "2025-04-20")]
    [InlineData(2026, "2026-04-05")]
    [InlineData(2027, "2027-03-28")]
    [InlineData(2038, "2038-04-25")]
    public void Easter_dates(int year, string easter) => Assert.Equal(DateOnly.Parse(easter), PolishCalendar.EasterSunday(year));

    [Fact]
    public void The_deadline_ends_at_midnight_Polish_time()
    {
        Assert.Equal(TimeSpan.FromHours(2), OfflineDeadline.EndOf(new DateOnly(2026, 7, 1)).Offset);
        Assert.Equal(TimeSpan.FromHours(1), OfflineDeadline.EndOf(new DateOnly(2026, 1, 15)).Offset);
    }

    private static KsefStatusMessage Message(int eventId, string category, string type, string start, string? end) =>
        new($"m{eventId}{type}", eventId, category, type, "", "", DateTimeOffset.Parse(start, System.Globalization.CultureInfo.InvariantCulture),
            end is null ? null : DateTimeOffset.Parse(end, System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.UtcNow);

    [Fact]
    public void A_failure_announced_while_an_offline24_deadline_runs_moves_it_as_the_docs_example_says()
    {
        // docs tryby-offline.md: issued 2025-07-08 (due 07-09); a failure announced on 07-09 ends Saturday 07-12 → due Tuesday 07-22
        var issued = new DateOnly(2025, 7, 8);
        var due = OfflineDeadline.Compute(OfflineMode.Offline24, issued);
        Assert.Equal(new DateOnly(2025, 7, 9), due);
        var outages = KsefOutage.From(
        [
            Message(7, "FAILURE", "FAILURE_START", "2025-07-09T08:00:00+02:00", null),
            Message(7, "FAILURE", "FAILURE_END", "2025-07-09T08:00:00+02:00", "2025-07-12T18:00:00+02:00"),
        ]);
        Assert.Equal(new KsefOutage(7, "FAILURE", new DateOnly(2025, 7, 9), new DateOnly(2025, 7, 12)), Assert.Single(outages));
        var (deadline, reason) = OfflineDeadline.Recompute(OfflineMode.Offline24, issued, due, outages, new DateOnly(2025, 7, 13));
        Assert.Equal(new DateOnly(2025, 7, 22), deadline);
        Assert.Contains("event 7", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failure_that_still_lasts_keeps_the_deadline_seven_business_days_ahead_and_its_end_fixes_it()
    {
        var issued = new DateOnly(2026, 3, 2);
        var due = OfflineDeadline.Compute(OfflineMode.Emergency, issued);
        var lasting = KsefOutage.From([Message(3, "FAILURE", "FAILURE_START", "2026-03-02T07:00:00Z", null)]);
        Assert.Equal(new DateOnly(2026, 3, 20), OfflineDeadline.Recompute(OfflineMode.Emergency, issued, due, lasting, new DateOnly(2026, 3, 11)).Deadline);
        var ended = KsefOutage.From(
        [
            Message(3, "FAILURE", "FAILURE_START", "2026-03-02T07:00:00Z", null),
            Message(3, "FAILURE", "FAILURE_END", "2026-03-02T07:00:00Z", "2026-03-04T12:00:00Z"),
        ]);
        Assert.Equal(new DateOnly(2026, 3, 13), OfflineDeadline.Recompute(OfflineMode.Emergency, issued, due, ended, new DateOnly(2026, 3, 5)).Deadline);
    }

    [Fact]
    public void A_later_failure_within_the_period_restarts_the_count_and_one_after_the_deadline_does_not()
    {
        var issued = new DateOnly(2026, 3, 2);
        var outages = KsefOutage.From(
        [
            Message(1, "FAILURE", "FAILURE_END", "2026-03-02T07:00:00Z", "2026-03-03T10:00:00Z"),
            Message(2, "FAILURE", "FAILURE_END", "2026-03-10T07:00:00Z", "2026-03-11T10:00:00Z"),
            Message(9, "FAILURE", "FAILURE_END", "2026-04-20T07:00:00Z", "2026-04-21T10:00:00Z"),
        ]);
        var (deadline, _) = OfflineDeadline.Recompute(OfflineMode.Emergency, issued, OfflineDeadline.Compute(OfflineMode.Emergency, issued), outages, new DateOnly(2026, 3, 12));
        Assert.Equal(new DateOnly(2026, 3, 20), deadline);
    }

    [Fact]
    public void A_total_failure_lifts_the_obligation_and_a_maintenance_moves_only_invoices_issued_during_it()
    {
        var issued = new DateOnly(2026, 3, 2);
        var total = KsefOutage.From([Message(4, "TOTAL_FAILURE", "FAILURE_START", "2026-03-03T07:00:00Z", null)]);
        var (none, why) = OfflineDeadline.Recompute(OfflineMode.Offline24, issued, new DateOnly(2026, 3, 3), total, new DateOnly(2026, 3, 3));
        Assert.Equal(OfflineDeadline.NoObligation, none);
        Assert.Contains("no obligation", why, StringComparison.Ordinal);

        var maintenance = KsefOutage.From([Message(5, "MAINTENANCE", "MAINTENANCE_ANNOUNCEMENT", "2026-03-02T06:00:00Z", "2026-03-04T06:00:00Z")]);
        Assert.Equal(new DateOnly(2026, 3, 5), OfflineDeadline.Recompute(OfflineMode.Offline, issued, new DateOnly(2026, 3, 3), maintenance, issued).Deadline);
        Assert.Equal(new DateOnly(2026, 3, 3), OfflineDeadline.Recompute(OfflineMode.Offline24, issued, new DateOnly(2026, 3, 3), maintenance, issued).Deadline);
        Assert.Equal(OfflineDeadline.NoObligation, OfflineDeadline.Compute(OfflineMode.TotalFailure, issued));
    }
}
