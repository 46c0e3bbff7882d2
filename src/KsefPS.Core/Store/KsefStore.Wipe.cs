using Microsoft.Data.Sqlite;

namespace KsefPS.Core.Store;

/// <summary>Wiping removed secrets from the store's files, as far as readers in other processes allow.</summary>
public sealed partial class KsefStore
{
    /// <summary>
    /// True when the last removal could not wipe every old copy of its secret because another process was reading the
    /// store; the wipe is recorded and finished by the next open that finds no reader in the way.
    /// </summary>
    public bool WipePending { get; private set; }

    private const string WipePendingKey = "wipe_pending";
    private const int WipeBusyTimeoutMs = 2_000;

    /// <summary>
    /// secure_delete overwrote the deleted row in the page written to the WAL; the old page is still in the main file
    /// and older frames are in the WAL until a checkpoint copies the WAL back and truncates it. A reader in another
    /// process can hold that off indefinitely, so the checkpoint waits briefly (not the 30 s a write waits), and what
    /// it could not finish is recorded and retried at the next open.
    /// </summary>
    private void Wipe()
    {
        if (TryCheckpoint())
        {
            WipePending = false;
            return;
        }
        WipePending = true;
        new StoreMeta(_connection, null).Set(WipePendingKey, DateTimeOffset.UtcNow.ToString("O"));
    }

    /// <summary>Finishes a wipe an earlier removal had to leave; quietly leaves it recorded while a reader is still in the way.</summary>
    private void FinishPendingWipe()
    {
        var meta = new StoreMeta(_connection, null);
        if (meta.Has(WipePendingKey) && TryCheckpoint())
        {
            meta.Remove(WipePendingKey);
            TryCheckpoint();
        }
    }

    /// <summary>wal_checkpoint(TRUNCATE): true when every WAL frame reached the main file and the WAL was emptied.</summary>
    private bool TryCheckpoint()
    {
        Execute(_connection, $"PRAGMA busy_timeout = {WipeBusyTimeoutMs};");
        try
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            using var result = command.ExecuteReader();
            // One row: busy (1 when it could not finish), frames in the WAL, frames copied back.
            return result.Read() && result.GetInt64(0) == 0 && result.GetInt64(1) == result.GetInt64(2);
        }
        catch (SqliteException e) when (e.SqliteErrorCode is 5 or 6)
        {
            return false;
        }
        finally
        {
            Execute(_connection, $"PRAGMA busy_timeout = {SqliteBusyTimeoutMs};");
        }
    }
}
