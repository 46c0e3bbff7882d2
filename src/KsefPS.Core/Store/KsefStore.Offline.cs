using System.Globalization;
using KsefPS.Core.Environments;
using KsefPS.Core.Offline;
using Microsoft.Data.Sqlite;

namespace KsefPS.Core.Store;

/// <summary>
/// The offline queue (BRIEF §9.5): one row per protected invoice. A sent one keeps its KSeF number until it is removed,
/// so that the same invoice is not queued again.
/// </summary>
public sealed partial class KsefStore
{
    /// <summary>
    /// Records a batch in one transaction (fast for large runs, and all-or-nothing). An invoice the queue already has
    /// for the environment (the same bytes, so the same hash) is not queued again: returns how many were new.
    /// </summary>
    public int AddOfflineInvoices(IReadOnlyList<ProtectedInvoice> invoices)
    {
        using var writer = OpenOfflineQueueWriter();
        writer.Add(invoices);
        return writer.Commit();
    }

    /// <summary>For a run of invoices recorded as they come and committed in batches; see <see cref="OfflineQueueWriter"/>.</summary>
    public OfflineQueueWriter OpenOfflineQueueWriter() => new(_connection);

    public IReadOnlyList<OfflineInvoice> ListOfflineInvoices(bool includeSent = false) => [.. ReadOfflineInvoices(includeSent)];

    /// <summary>
    /// The queue, earliest deadline first, read as it is enumerated: a queue of any size costs the memory of one entry
    /// at a time (the list of 200,000 took 412 MiB). Other connections may write the store meanwhile.
    /// </summary>
    public IEnumerable<OfflineInvoice> ReadOfflineInvoices(bool includeSent = false)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = """
            SELECT id, path, invoice_number, seller_nip, issue_date, hash, mode, deadline, environment, certificate, invoice_link,
                certificate_link, protected, ksef_number, sent, deadline_reason
            FROM offline_invoices
            """ + (includeSent ? "" : " WHERE ksef_number IS NULL") + " ORDER BY deadline, protected";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            yield return new OfflineInvoice(Guid.Parse(reader.GetString(0)), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.GetString(3), DateOnly.Parse(reader.GetString(4), CultureInfo.InvariantCulture), reader.GetString(5),
                Enum.Parse<OfflineMode>(reader.GetString(6)), DateOnly.Parse(reader.GetString(7), CultureInfo.InvariantCulture),
                Enum.Parse<KsefEnvironment>(reader.GetString(8)), reader.GetString(9), reader.GetString(10), reader.GetString(11),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(12)), reader.IsDBNull(13) ? null : reader.GetString(13),
                reader.IsDBNull(14) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(14)), Path)
            {
                DeadlineReason = reader.IsDBNull(15) ? null : reader.GetString(15),
            };
        }
    }

    /// <summary>Marks queued offline invoices as sent, each with the KSeF number it received, in one transaction.</summary>
    public void MarkOfflineInvoicesSent(IReadOnlyCollection<(Guid Id, string KsefNumber)> marks)
    {
        var sent = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        ExecuteForEach("UPDATE offline_invoices SET ksef_number = $k, sent = $t WHERE id = $id", marks,
            ("$k", mark => mark.KsefNumber), ("$t", _ => sent), ("$id", mark => mark.Id.ToString()));
    }

    /// <summary>
    /// Moves queued invoices' deadlines, each saying why (an announcement Latarnia made), in one transaction: a backlog
    /// after a failure is large.
    /// </summary>
    public void MoveOfflineDeadlines(IReadOnlyCollection<(Guid Id, DateOnly Deadline, string Reason)> moves) =>
        ExecuteForEach("UPDATE offline_invoices SET deadline = $d, deadline_reason = $r WHERE id = $id AND ksef_number IS NULL", moves,
            ("$d", move => Iso(move.Deadline)), ("$r", move => move.Reason), ("$id", move => move.Id.ToString()));

    /// <summary>
    /// Takes entries out of the queue in one transaction: a sent one always, one KSeF has not received only with
    /// <paramref name="evenIfNotSent"/> (an invoice never issued to a buyer). Returns what happened to each id, in order.
    /// </summary>
    public IReadOnlyList<OfflineRemoval> RemoveOfflineInvoices(IReadOnlyList<Guid> ids, bool evenIfNotSent)
    {
        using var transaction = _connection.BeginTransaction(deferred: false);
        using var find = _connection.CreateCommand();
        find.Transaction = transaction;
        find.CommandText = "SELECT ksef_number IS NOT NULL FROM offline_invoices WHERE id = $id";
        var findId = find.Parameters.Add("$id", SqliteType.Text);
        using var delete = _connection.CreateCommand();
        delete.Transaction = transaction;
        delete.CommandText = "DELETE FROM offline_invoices WHERE id = $id";
        var deleteId = delete.Parameters.Add("$id", SqliteType.Text);
        var outcomes = new List<OfflineRemoval>(ids.Count);
        foreach (var id in ids)
        {
            findId.Value = id.ToString();
            var outcome = find.ExecuteScalar() switch
            {
                null => OfflineRemoval.NotFound,
                0L when !evenIfNotSent => OfflineRemoval.NotSent,
                _ => OfflineRemoval.Removed,
            };
            if (outcome == OfflineRemoval.Removed)
            {
                deleteId.Value = id.ToString();
                delete.ExecuteNonQuery();
            }
            outcomes.Add(outcome);
        }
        transaction.Commit();
        return outcomes;
    }

    /// <summary>How many entries were marked sent, with their KSeF numbers, before <paramref name="before"/>.</summary>
    public int CountSentOfflineInvoices(DateTimeOffset before)
    {
        using var command = SentBefore("SELECT COUNT(*) FROM offline_invoices", before);
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>Takes out every entry marked sent before <paramref name="before"/>; returns how many it took out.</summary>
    public int RemoveSentOfflineInvoices(DateTimeOffset before)
    {
        using var command = SentBefore("DELETE FROM offline_invoices", before);
        return command.ExecuteNonQuery();
    }

    /// <summary>
    /// Runs <paramref name="statement"/> once for each item, its parameters taken from the item, all in one transaction:
    /// a commit for each would wait for the disk every time.
    /// </summary>
    private void ExecuteForEach<T>(string statement, IReadOnlyCollection<T> items, params (string Name, Func<T, object> Value)[] parameters)
    {
        if (items.Count == 0)
        {
            return;
        }
        using var transaction = _connection.BeginTransaction(deferred: false);
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = statement;
        var bound = parameters.Select(p => (Parameter: command.Parameters.Add(new SqliteParameter { ParameterName = p.Name }), p.Value)).ToList();
        foreach (var item in items)
        {
            bound.ForEach(b => b.Parameter.Value = b.Value(item));
            command.ExecuteNonQuery();
        }
        transaction.Commit();
    }

    private SqliteCommand SentBefore(string statement, DateTimeOffset before)
    {
        var command = _connection.CreateCommand();
        command.CommandText = statement + " WHERE ksef_number IS NOT NULL AND sent < $before";
        command.Parameters.AddWithValue("$before", before.ToUnixTimeMilliseconds());
        return command;
    }

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
