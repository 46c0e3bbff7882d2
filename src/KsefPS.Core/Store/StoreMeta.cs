using Microsoft.Data.Sqlite;

namespace KsefPS.Core.Store;

/// <summary>The store's key/value table, read and written inside the caller's transaction.</summary>
internal sealed class StoreMeta(SqliteConnection connection, SqliteTransaction? transaction)
{
    public byte[]? GetBytes(string key)
    {
        using var command = Command("SELECT value FROM meta WHERE key = $key");
        command.Parameters.AddWithValue("$key", key);
        return command.ExecuteScalar() as byte[];
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
