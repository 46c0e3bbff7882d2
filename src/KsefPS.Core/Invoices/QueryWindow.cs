namespace KsefPS.Core.Invoices;

/// <summary>
/// KSeF takes a date range of at most three months in one query or export (UPDATES.md: a range is valid when it fits in
/// three calendar months in UTC or in Polish time). Counted in calendar months, not days: 90 days from 31 January end
/// after 30 April and would be refused.
/// </summary>
internal static class QueryWindow
{
    public static DateTimeOffset LatestEnd(DateTimeOffset from) => new(from.UtcDateTime.AddMonths(3), TimeSpan.Zero);
}
