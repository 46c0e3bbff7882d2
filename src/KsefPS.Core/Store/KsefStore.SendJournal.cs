using System.Globalization;
using System.Text;
using KsefPS.Core.Errors;
using Microsoft.Data.Sqlite;

namespace KsefPS.Core.Store;

/// <summary>
/// The send journal (DESIGN §5): each sending session with its key and upload links sealed like every secret, and each
/// invoice with its hash, written before anything leaves; KSeF's verdicts are added when known.
/// </summary>
public sealed partial class KsefStore
{
    public void JournalSession(JournalSession session, byte[] secret, IEnumerable<JournalItem> items)
    {
        var key = AcquireKey();
        byte[] sealedSecret;
        try
        {
            sealedSecret = SecretSealer.Seal(key, secret, JournalAssociatedData(session.Reference));
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(key);
        }
        using var transaction = _connection.BeginTransaction(deferred: false);
        using (var insert = _connection.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO send_sessions (reference, kind, environment, api_url, context, form, offline_mode, sealed_secret, parts_dir, upload_until, state, opened)
                VALUES ($reference, $kind, $environment, $api, $context, $form, $offline, $secret, $parts, $until, $state, $opened)
                """;
            var p = insert.Parameters;
            p.AddWithValue("$reference", session.Reference);
            p.AddWithValue("$kind", session.Kind);
            p.AddWithValue("$environment", session.Environment);
            p.AddWithValue("$api", session.ApiUrl);
            p.AddWithValue("$context", session.Context);
            p.AddWithValue("$form", session.Form);
            p.AddWithValue("$offline", session.OfflineMode ? 1 : 0);
            p.AddWithValue("$secret", sealedSecret);
            p.AddWithValue("$parts", (object?)session.PartsDirectory ?? DBNull.Value);
            p.AddWithValue("$until", (object?)session.UploadUntil?.ToUnixTimeMilliseconds() ?? DBNull.Value);
            p.AddWithValue("$state", session.State);
            p.AddWithValue("$opened", session.OpenedAt.ToUnixTimeMilliseconds());
            insert.ExecuteNonQuery();
        }
        InsertItems(transaction, session.Reference, items);
        transaction.Commit();
    }

    public void JournalItems(string reference, IEnumerable<JournalItem> items)
    {
        using var transaction = _connection.BeginTransaction(deferred: false);
        InsertItems(transaction, reference, items);
        transaction.Commit();
    }

    /// <summary>An invoice KSeF refused to take into the session (the session was lost): it is not in flight there.</summary>
    public void ForgetJournalItem(string reference, int ordinal)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "DELETE FROM send_items WHERE session_ref = $reference AND ordinal = $ordinal";
        command.Parameters.AddWithValue("$reference", reference);
        command.Parameters.AddWithValue("$ordinal", ordinal);
        command.ExecuteNonQuery();
    }

    public void JournalState(string reference, string state)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "UPDATE send_sessions SET state = $state WHERE reference = $reference";
        command.Parameters.AddWithValue("$state", state);
        command.Parameters.AddWithValue("$reference", reference);
        command.ExecuteNonQuery();
    }

    /// <summary>What KSeF said about invoices of a session (by ordinal); null values leave what is known.</summary>
    public void JournalResults(string reference, IEnumerable<JournalVerdict> results)
    {
        using var transaction = _connection.BeginTransaction(deferred: false);
        using var update = _connection.CreateCommand();
        update.Transaction = transaction;
        update.CommandText = """
            UPDATE send_items SET invoice_ref = COALESCE($ref, invoice_ref), status_code = COALESCE($code, status_code), ksef_number = COALESCE($number, ksef_number),
                invoicing_mode = COALESCE($mode, invoicing_mode), acquired = COALESCE($acquired, acquired)
            WHERE session_ref = $session AND ordinal = $ordinal
            """;
        var session = update.Parameters.Add("$session", SqliteType.Text);
        var ordinal = update.Parameters.Add("$ordinal", SqliteType.Integer);
        var invoiceRef = update.Parameters.Add("$ref", SqliteType.Text);
        var code = update.Parameters.Add("$code", SqliteType.Integer);
        var number = update.Parameters.Add("$number", SqliteType.Text);
        var mode = update.Parameters.Add("$mode", SqliteType.Text);
        var acquired = update.Parameters.Add("$acquired", SqliteType.Integer);
        update.Prepare();
        foreach (var result in results)
        {
            session.Value = reference;
            ordinal.Value = result.Ordinal;
            invoiceRef.Value = (object?)result.InvoiceReference ?? DBNull.Value;
            code.Value = (object?)result.StatusCode ?? DBNull.Value;
            number.Value = (object?)result.KsefNumber ?? DBNull.Value;
            mode.Value = (object?)result.InvoicingMode ?? DBNull.Value;
            acquired.Value = (object?)result.AcquisitionDate?.ToUnixTimeMilliseconds() ?? DBNull.Value;
            update.ExecuteNonQuery();
        }
        transaction.Commit();
    }

    /// <summary>Sessions of this API and context that are not done, oldest first.</summary>
    public IReadOnlyList<JournalSession> UnfinishedSendSessions(string apiUrl, string context) =>
        ReadSessions("WHERE api_url = $api AND context = $context AND state <> 'Done' ORDER BY opened", ("$api", apiUrl), ("$context", context));

    public IReadOnlyList<JournalItem> JournalItemsOf(string reference, bool withoutVerdictOnly = false)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = $"SELECT {ItemColumns} FROM send_items i WHERE i.session_ref = $reference" +
            (withoutVerdictOnly ? " AND i.status_code IS NULL" : "") + " ORDER BY i.ordinal";
        command.Parameters.AddWithValue("$reference", reference);
        return ReadItems(command).Select(i => i.Item).ToList();
    }

    /// <summary>The invoice of a session KSeF reports under <paramref name="entryName"/> (batch) or, failing that, with <paramref name="hash"/>.</summary>
    public JournalItem? FindJournalItem(string reference, string? entryName, string hash)
    {
        using var command = _connection.CreateCommand();
        // Two plain lookups rather than one OR, so that each uses its index.
        command.CommandText = entryName is null
            ? $"SELECT {ItemColumns} FROM send_items i WHERE i.hash = $hash AND i.session_ref = $reference ORDER BY i.ordinal LIMIT 1"
            : $"SELECT {ItemColumns} FROM send_items i WHERE i.session_ref = $reference AND i.entry_name = $name LIMIT 1";
        command.Parameters.AddWithValue("$reference", reference);
        command.Parameters.AddWithValue("$name", (object?)entryName ?? DBNull.Value);
        command.Parameters.AddWithValue("$hash", hash);
        var found = ReadItems(command);
        if (found.Count == 0 && entryName is not null)
        {
            return FindJournalItem(reference, null, hash);
        }
        return found.Count == 0 ? null : found[0].Item;
    }

    /// <summary>Every journalled sending of an invoice with this hash in this API and context, newest first.</summary>
    public IReadOnlyList<(JournalSession Session, JournalItem Item)> FindSent(string apiUrl, string context, string hash)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = $"""
            SELECT {ItemColumns} FROM send_items i JOIN send_sessions s ON s.reference = i.session_ref
            WHERE i.hash = $hash AND s.api_url = $api AND s.context = $context ORDER BY s.opened DESC
            """;
        command.Parameters.AddWithValue("$hash", hash);
        command.Parameters.AddWithValue("$api", apiUrl);
        command.Parameters.AddWithValue("$context", context);
        var found = ReadItems(command);
        var sessions = found.Select(f => f.Session).Distinct()
            .ToDictionary(r => r, r => ReadSessions("WHERE reference = $reference", ("$reference", r)).Single());
        return found.Select(f => (sessions[f.Session], f.Item)).ToList();
    }

    public byte[] OpenJournalSecret(string reference)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT sealed_secret FROM send_sessions WHERE reference = $reference";
        command.Parameters.AddWithValue("$reference", reference);
        var sealedSecret = command.ExecuteScalar() as byte[] ?? throw new KsefException(ErrorIds.StoreCorrupt, KsefErrorKind.InvalidData,
            $"The send journal names session {reference} but holds no key for it; the store was altered.", reference);
        var key = AcquireKey();
        try
        {
            return SecretSealer.Open(key, sealedSecret, JournalAssociatedData(reference));
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>Forgets finished sessions older than <paramref name="age"/>, and their invoices.</summary>
    public void PruneSendJournal(TimeSpan age)
    {
        using var transaction = _connection.BeginTransaction(deferred: false);
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            DELETE FROM send_items WHERE session_ref IN (SELECT reference FROM send_sessions WHERE state = 'Done' AND opened < $before);
            DELETE FROM send_sessions WHERE state = 'Done' AND opened < $before;
            """;
        command.Parameters.AddWithValue("$before", (DateTimeOffset.UtcNow - age).ToUnixTimeMilliseconds());
        command.ExecuteNonQuery();
        transaction.Commit();
    }

    private void InsertItems(SqliteTransaction transaction, string reference, IEnumerable<JournalItem> items)
    {
        using var insert = _connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT OR REPLACE INTO send_items (session_ref, ordinal, path, entry_name, hash, invoice_number, seller_nip, offline_id, corrected_hash, issue_date)
            VALUES ($session, $ordinal, $path, $entry, $hash, $number, $seller, $offline, $corrected, $issued)
            """;
        var names = new[] { "$session", "$ordinal", "$path", "$entry", "$hash", "$number", "$seller", "$offline", "$corrected", "$issued" };
        var parameters = names.Select(n => insert.Parameters.Add(n, n == "$ordinal" ? SqliteType.Integer : SqliteType.Text)).ToArray();
        insert.Prepare();
        foreach (var item in items)
        {
            object?[] values = [reference, item.Ordinal, item.Path, item.EntryName, item.Hash, item.InvoiceNumber, item.SellerNip,
                item.OfflineInvoiceId?.ToString(), item.CorrectedHash, item.IssueDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)];
            for (var i = 0; i < values.Length; i++)
            {
                parameters[i].Value = values[i] ?? DBNull.Value;
            }
            insert.ExecuteNonQuery();
        }
    }

    private const string ItemColumns = "i.ordinal, i.path, i.entry_name, i.hash, i.invoice_number, i.seller_nip, i.offline_id, i.corrected_hash, i.invoice_ref, i.status_code, i.ksef_number, i.session_ref, i.issue_date, i.invoicing_mode, i.acquired";

    private static List<(string Session, JournalItem Item)> ReadItems(SqliteCommand command)
    {
        using var reader = command.ExecuteReader();
        var result = new List<(string, JournalItem)>();
        while (reader.Read())
        {
            string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
            result.Add((reader.GetString(11), new JournalItem(reader.GetInt32(0), reader.GetString(1), Text(2), reader.GetString(3), reader.GetString(4), reader.GetString(5),
                Text(6) is { } id ? Guid.Parse(id) : null, Text(7), Text(8), reader.IsDBNull(9) ? null : reader.GetInt32(9), Text(10),
                Text(12) is { } issued && DateOnly.TryParseExact(issued, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null,
                Text(13), reader.IsDBNull(14) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(14)))));
        }
        return result;
    }

    private List<JournalSession> ReadSessions(string where, params (string Name, string Value)[] parameters)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT reference, kind, environment, api_url, context, form, offline_mode, parts_dir, upload_until, state, opened FROM send_sessions " + where;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        using var reader = command.ExecuteReader();
        var result = new List<JournalSession>();
        while (reader.Read())
        {
            result.Add(new JournalSession(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5),
                reader.GetInt32(6) != 0, reader.IsDBNull(7) ? null : reader.GetString(7),
                reader.IsDBNull(8) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(8)), reader.GetString(9),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(10))));
        }
        return result;
    }

    private static byte[] JournalAssociatedData(string reference) => Encoding.ASCII.GetBytes($"ksefps/v1/send-sessions/{reference}/secret");
}
