using System.Runtime.CompilerServices;
using KsefPS.Core.Environments;
using KsefPS.Core.Offline;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace KsefPS.Core.Store;

/// <summary>
/// Adds protected invoices to the offline queue in one immediate transaction per batch: <see cref="Add"/> inserts
/// (opening the transaction), <see cref="Commit"/> makes the batch durable. Its statements are prepared once for all the
/// batches of a run. The transaction holds the store's write lock from the first Add to the Commit, so a caller adds a
/// batch and commits it at once: another process that writes the store gets its turn between batches. An invoice the
/// queue already has for the environment (the same bytes, so the same hash and the same issue date) is not queued again.
/// What was added and not committed is rolled back on dispose.
/// </summary>
/// <remarks>
/// Straight through SQLite's own API, binding by position: the ADO.NET command looks each of the 13 parameters up by
/// name for every row (a quarter of the cost of queueing an invoice). The look-up and the insert are two plain
/// statements: one INSERT ... SELECT ... WHERE NOT EXISTS cost SQLite half as much again per row (bench), and the
/// transaction is immediate, so no other writer comes between them. The look-up's index leads with the issue date: keyed
/// by hash alone, a run's entries landed on pages all over the index, and with 200,000 sent invoices kept in the queue a
/// run of 10,000 wrote 104 MiB instead of 19 and went at 13,500/s instead of 22,000/s (bench/QueueGrowth.ps1). One
/// thread at a time.
/// </remarks>
public sealed class OfflineQueueWriter : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly sqlite3 _database;
    private readonly sqlite3_stmt _queued;
    private readonly sqlite3_stmt _insert;
    private readonly Utf8Binder _bind = new();
    private SqliteTransaction? _transaction;
    private int _added;
    // The names of the few values a run has, without Enum.ToString's reflection for every row.
    private string? _environmentName;
    private KsefEnvironment _environment;
    private string? _modeName;
    private OfflineMode _mode;

    internal OfflineQueueWriter(SqliteConnection connection)
    {
        _connection = connection;
        _database = connection.Handle!;
        Check(raw.sqlite3_prepare_v2(_database, "SELECT 1 FROM offline_invoices WHERE issue_date = ?1 AND hash = ?2 AND environment = ?3", out _queued));
        var prepared = raw.sqlite3_prepare_v2(_database, """
            INSERT INTO offline_invoices (id, path, invoice_number, seller_nip, issue_date, hash, mode, deadline, environment, certificate,
                invoice_link, certificate_link, protected)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
            """, out _insert);
        if (prepared != raw.SQLITE_OK)
        {
            _queued.Dispose();
            Check(prepared);
        }
    }

    /// <summary>Inserts the invoices the queue does not have yet, in the open transaction (opening one if none is).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(IEnumerable<ProtectedInvoice> invoices)
    {
        var now = DateTimeOffset.UtcNow;
        foreach (var invoice in invoices)
        {
            _transaction ??= _connection.BeginTransaction(deferred: false);
            var environment = EnvironmentName(invoice);
            if (IsQueued(invoice.IssueDate, invoice.Hash, environment))
            {
                continue;
            }
            Check(_bind.Id(_insert, 1, TimeOrderedId.New(now)));
            Check(_bind.Text(_insert, 2, invoice.Path));
            Check(_bind.Text(_insert, 3, invoice.InvoiceNumber));
            Check(_bind.Text(_insert, 4, invoice.SellerNip));
            Check(_bind.Date(_insert, 5, invoice.IssueDate));
            Check(_bind.Text(_insert, 6, invoice.Hash));
            Check(_bind.Text(_insert, 7, ModeName(invoice)));
            Check(_bind.Date(_insert, 8, invoice.Deadline));
            Check(_bind.Text(_insert, 9, environment));
            Check(_bind.Text(_insert, 10, invoice.CertificateSerial));
            Check(_bind.Text(_insert, 11, invoice.InvoiceLink));
            Check(_bind.Text(_insert, 12, invoice.CertificateLink));
            Check(raw.sqlite3_bind_int64(_insert, 13, now.ToUnixTimeMilliseconds()));
            var step = raw.sqlite3_step(_insert);
            raw.sqlite3_reset(_insert);
            if (step != raw.SQLITE_DONE)
            {
                Check(step);
            }
            _added++;
        }
    }

    /// <summary>Makes what was added durable; returns how many invoices were new to the queue since the last commit.</summary>
    public int Commit()
    {
        _transaction?.Commit();
        _transaction?.Dispose();
        _transaction = null;
        var added = _added;
        _added = 0;
        return added;
    }

    public void Dispose()
    {
        _transaction?.Dispose();
        _transaction = null;
        _queued.Dispose();
        _insert.Dispose();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool IsQueued(DateOnly issueDate, string hash, string environment)
    {
        Check(_bind.Date(_queued, 1, issueDate));
        Check(_bind.Text(_queued, 2, hash));
        Check(_bind.Text(_queued, 3, environment));
        var step = raw.sqlite3_step(_queued);
        raw.sqlite3_reset(_queued);
        if (step is not (raw.SQLITE_ROW or raw.SQLITE_DONE))
        {
            Check(step);
        }
        return step == raw.SQLITE_ROW;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private string EnvironmentName(ProtectedInvoice invoice)
    {
        if (_environmentName is null || _environment != invoice.Environment)
        {
            (_environment, _environmentName) = (invoice.Environment, invoice.Environment.ToString());
        }
        return _environmentName;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private string ModeName(ProtectedInvoice invoice)
    {
        if (_modeName is null || _mode != invoice.Mode)
        {
            (_mode, _modeName) = (invoice.Mode, invoice.Mode.ToString());
        }
        return _modeName;
    }

    /// <summary>The same exception the ADO.NET layer throws for a failed call.</summary>
    private void Check(int result) => SqliteException.ThrowExceptionForRC(result, _database);
}
