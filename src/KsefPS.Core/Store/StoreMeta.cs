using KsefPS.Core.Errors;
using Microsoft.Data.Sqlite;

namespace KsefPS.Core.Store;

/// <summary>The store's key/value table, read and written inside the caller's transaction.</summary>
internal sealed class StoreMeta(SqliteConnection connection, SqliteTransaction? transaction)
{
    /// <summary>The value, or null when the row is absent. A row whose value is not a blob was not written by KsefPS: StoreCorrupt.</summary>
    public byte[]? GetBytes(string key)
    {
        using var command = Command("SELECT value FROM meta WHERE key = $key");
        command.Parameters.AddWithValue("$key", key);
        return command.ExecuteScalar() switch
        {
            null => null,
            byte[] bytes => bytes,
            _ => throw new KsefException(ErrorIds.StoreCorrupt, KsefErrorKind.InvalidData,
                $"The store's '{key}' setting has been altered (it is not the value KsefPS wrote). Nothing was changed; restore the store from a backup."),
        };
    }

    public bool Has(string key)
    {
        using var command = Command("SELECT count(*) FROM meta WHERE key = $key");
        command.Parameters.AddWithValue("$key", key);
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    public string? GetString(string key) =>
        GetBytes(key) is { } bytes ? System.Text.Encoding.UTF8.GetString(bytes) : null;

    public void Set(string key, byte[] value)
    {
        using var command = Command("INSERT INTO meta(key, value) VALUES ($key, $value) ON CONFLICT(key) DO UPDATE SET value = excluded.value");
        command.Parameters.AddWithValue("$key", key);
        command.Parameters.AddWithValue("$value", value);
        command.ExecuteNonQuery();
    }

    public void Set(string key, string value) => Set(key, System.Text.Encoding.UTF8.GetBytes(value));

    public void Remove(string key)
    {
        using var command = Command("DELETE FROM meta WHERE key = $key");
        command.Parameters.AddWithValue("$key", key);
        command.ExecuteNonQuery();
    }

    private SqliteCommand Command(string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }
}
