using System.Globalization;
using System.Runtime.CompilerServices;
using KsefPS.Core.Environments;
using KsefPS.Core.Offline;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace KsefPS.Core.Store;

/// <summary>The offline queue (BRIEF §9.5): one row per protected invoice, until KSeF gives it a number.</summary>
public sealed partial class KsefStore
{
    /// <summary>
    /// Records a batch in one transaction (fast for large runs, and all-or-nothing). An invoice the queue already has
    /// for the environment (the same bytes, so the same hash) is not queued again: returns how many were new.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int AddOfflineInvoices(IReadOnlyList<ProtectedInvoice> invoices)
    {
        if (invoices.Count == 0)
        {
            return 0;
        }
        var added = 0;
        using var transaction = _connection.BeginTransaction(deferred: false);
        // Straight through SQLite's own API, binding by position: the ADO.NET command looks each of the 13 parameters up by
        // name for every row (a quarter of the cost of queueing an invoice). The look-up and the insert are two plain
        // statements: one INSERT ... SELECT ... WHERE NOT EXISTS cost SQLite half as much again per row (bench), and the
        // transaction is immediate, so no other writer comes between them.
        var database = _connection.Handle!;
        Check(raw.sqlite3_prepare_v2(database, "SELECT 1 FROM offline_invoices WHERE hash = ?1 AND environment = ?2", out var queued), database);
        using (queued)
        {
            Check(raw.sqlite3_prepare_v2(database, """
                INSERT INTO offline_invoices (id, path, invoice_number, seller_nip, issue_date, hash, mode, deadline, environment, certificate,
                    invoice_link, certificate_link, protected)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
                """, out var insert), database);
            using (insert)
            {
                var now = DateTimeOffset.UtcNow;
                var bind = new Utf8Binder();
                foreach (var invoice in invoices)
                {
                    var environment = invoice.Environment.ToString();
                    if (IsQueued(database, queued, bind, invoice.Hash, environment))
                    {
                        continue;
                    }
                    Check(bind.Id(insert, 1, TimeOrderedId.New(now)), database);
                    Check(bind.Text(insert, 2, invoice.Path), database);
                    Check(bind.Text(insert, 3, invoice.InvoiceNumber), database);
                    Check(bind.Text(insert, 4, invoice.SellerNip), database);
                    Check(bind.Date(insert, 5, invoice.IssueDate), database);
                    Check(bind.Text(insert, 6, invoice.Hash), database);
                    Check(bind.Text(insert, 7, invoice.Mode.ToString()), database);
                    Check(bind.Date(insert, 8, invoice.Deadline), database);
                    Check(bind.Text(insert, 9, environment), database);
                    Check(bind.Text(insert, 10, invoice.CertificateSerial), database);
                    Check(bind.Text(insert, 11, invoice.InvoiceLink), database);
                    Check(bind.Text(insert, 12, invoice.CertificateLink), database);
                    Check(raw.sqlite3_bind_int64(insert, 13, now.ToUnixTimeMilliseconds()), database);
                    if (raw.sqlite3_step(insert) != raw.SQLITE_DONE)
                    {
                        Check(raw.sqlite3_errcode(database), database);
                    }
                    added++;
                    Check(raw.sqlite3_reset(insert), database);
                }
            }
        }
        transaction.Commit();
        return added;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool IsQueued(sqlite3 database, sqlite3_stmt queued, Utf8Binder bind, string hash, string environment)
    {
        Check(bind.Text(queued, 1, hash), database);
        Check(bind.Text(queued, 2, environment), database);
        var step = raw.sqlite3_step(queued);
        if (step is not (raw.SQLITE_ROW or raw.SQLITE_DONE))
        {
            Check(raw.sqlite3_errcode(database), database);
        }
        Check(raw.sqlite3_reset(queued), database);
        return step == raw.SQLITE_ROW;
    }

    /// <summary>The same exception the ADO.NET layer throws for a failed call.</summary>
    private static void Check(int result, sqlite3 database) => SqliteException.ThrowExceptionForRC(result, database);

    public IReadOnlyList<OfflineInvoice> ListOfflineInvoices(bool includeSent = false)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = """
            SELECT id, path, invoice_number, seller_nip, issue_date, hash, mode, deadline, environment, certificate, invoice_link,
                certificate_link, protected, ksef_number, sent, deadline_reason
            FROM offline_invoices
            """ + (includeSent ? "" : " WHERE ksef_number IS NULL") + " ORDER BY deadline, protected";
        using var reader = command.ExecuteReader();
        var result = new List<OfflineInvoice>();
        while (reader.Read())
        {
            result.Add(new OfflineInvoice(Guid.Parse(reader.GetString(0)), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.GetString(3), DateOnly.Parse(reader.GetString(4), CultureInfo.InvariantCulture), reader.GetString(5),
                Enum.Parse<OfflineMode>(reader.GetString(6)), DateOnly.Parse(reader.GetString(7), CultureInfo.InvariantCulture),
                Enum.Parse<KsefEnvironment>(reader.GetString(8)), reader.GetString(9), reader.GetString(10), reader.GetString(11),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(12)), reader.IsDBNull(13) ? null : reader.GetString(13),
                reader.IsDBNull(14) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(14)), Path)
            {
                DeadlineReason = reader.IsDBNull(15) ? null : reader.GetString(15),
            });
        }
        return result;
    }

    /// <summary>Marks a queued offline invoice as sent, with the KSeF number it received.</summary>
    public void MarkOfflineInvoiceSent(Guid id, string ksefNumber)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "UPDATE offline_invoices SET ksef_number = $k, sent = $t WHERE id = $id";
        command.Parameters.AddWithValue("$k", ksefNumber);
        command.Parameters.AddWithValue("$t", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$id", id.ToString());
        command.ExecuteNonQuery();
    }

    /// <summary>Moves a queued invoice's deadline, saying why (an announcement Latarnia made).</summary>
    public void MoveOfflineDeadline(Guid id, DateOnly deadline, string reason)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "UPDATE offline_invoices SET deadline = $d, deadline_reason = $r WHERE id = $id AND ksef_number IS NULL";
        command.Parameters.AddWithValue("$d", Iso(deadline));
        command.Parameters.AddWithValue("$r", reason);
        command.Parameters.AddWithValue("$id", id.ToString());
        command.ExecuteNonQuery();
    }

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
