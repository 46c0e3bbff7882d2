using System.Globalization;
using KsefPS.Core.Offline;

namespace KsefPS.Testing;

/// <summary>Issue dates for test invoices: days of Poland's calendar, which KSeF compares them with.</summary>
public static class PolishDay
{
    /// <summary>Today in Poland, or <paramref name="days"/> from it, as P_1 writes it (yyyy-MM-dd).</summary>
    public static string Today(int days = 0) => OfflineQueueRefresh.PolishToday().AddDays(days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
