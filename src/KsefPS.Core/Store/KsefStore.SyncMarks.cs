using System.Globalization;
using KsefPS.Core.Environments;

namespace KsefPS.Core.Store;

/// <summary>High-water marks of Sync-KsefInvoice (BRIEF §8.4): where the next incremental download starts.</summary>
public sealed partial class KsefStore
{
    public DateTimeOffset? GetSyncMark(KsefEnvironment environment, string context, string subjectType) =>
        SyncMarkColumn("hwm", environment, context, subjectType) is string text
            ? DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind)
            : null;

    /// <summary>When the mark was last moved: the end of the last sync of that subject type in that context.</summary>
    public DateTimeOffset? GetSyncMarkMoved(KsefEnvironment environment, string context, string subjectType) =>
        SyncMarkColumn("updated", environment, context, subjectType) is long milliseconds ? DateTimeOffset.FromUnixTimeMilliseconds(milliseconds) : null;

    /// <param name="column">One of the table's own column names, never a caller's text.</param>
    private object? SyncMarkColumn(string column, KsefEnvironment environment, string context, string subjectType)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = $"SELECT {column} FROM sync_marks WHERE environment = $e AND context = $c AND subject_type = $s";
        command.Parameters.AddWithValue("$e", environment.ToString());
        command.Parameters.AddWithValue("$c", context);
        command.Parameters.AddWithValue("$s", subjectType);
        return command.ExecuteScalar();
    }

    public void SetSyncMark(KsefEnvironment environment, string context, string subjectType, DateTimeOffset mark)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = """
            INSERT INTO sync_marks (environment, context, subject_type, hwm, updated) VALUES ($e, $c, $s, $h, $u)
            ON CONFLICT (environment, context, subject_type) DO UPDATE SET hwm = excluded.hwm, updated = excluded.updated
            """;
        command.Parameters.AddWithValue("$e", environment.ToString());
        command.Parameters.AddWithValue("$c", context);
        command.Parameters.AddWithValue("$s", subjectType);
        command.Parameters.AddWithValue("$h", mark.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$u", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        command.ExecuteNonQuery();
    }
}
