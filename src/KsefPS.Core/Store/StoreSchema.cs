using KsefPS.Core.Errors;
using Microsoft.Data.Sqlite;

namespace KsefPS.Core.Store;

/// <summary>
/// Schema versions, kept in PRAGMA user_version. Each migration moves the schema one step and runs in the same
/// IMMEDIATE transaction as the version bump, so a crash leaves the previous version intact.
/// </summary>
public static class StoreSchema
{
    internal static readonly IReadOnlyList<string> Migrations =
    [
        // 1: meta and certificates
        """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value BLOB NOT NULL);
        CREATE TABLE certificates (
            id              TEXT PRIMARY KEY,
            name            TEXT NOT NULL UNIQUE COLLATE NOCASE,
            usage           TEXT NOT NULL,
            environment     TEXT NOT NULL,
            thumbprint      TEXT NOT NULL,
            fingerprint     TEXT NOT NULL,
            serial          TEXT NOT NULL,
            subject         TEXT NOT NULL,
            issuer          TEXT NOT NULL,
            identifier_type TEXT NOT NULL,
            identifier      TEXT NOT NULL,
            key_algorithm   TEXT NOT NULL,
            not_before      INTEGER NOT NULL,
            not_after       INTEGER NOT NULL,
            der             BLOB NOT NULL,
            sealed_key      BLOB NOT NULL,
            added           INTEGER NOT NULL,
            UNIQUE (fingerprint, usage)
        );
        CREATE INDEX certificates_not_after ON certificates(not_after);
        """,
        // 2: KSeF tokens, sealed like private keys
        """
        CREATE TABLE tokens (
            id               TEXT PRIMARY KEY,
            name             TEXT NOT NULL UNIQUE COLLATE NOCASE,
            environment      TEXT NOT NULL,
            api_url          TEXT NOT NULL,
            context_type     TEXT NOT NULL,
            context_value    TEXT NOT NULL,
            reference_number TEXT NOT NULL,
            description      TEXT NOT NULL,
            permissions      TEXT NOT NULL,
            sealed_token     BLOB NOT NULL,
            added            INTEGER NOT NULL
        );
        """,
        // 3: revocation marks, and enrollments submitted but not yet stored (resumable after a crash)
        """
        ALTER TABLE certificates ADD COLUMN revoked INTEGER;
        ALTER TABLE certificates ADD COLUMN revocation_reason TEXT;
        CREATE TABLE pending_enrollments (
            id               TEXT PRIMARY KEY,
            name             TEXT NOT NULL,
            usage            TEXT NOT NULL,
            environment      TEXT NOT NULL,
            api_url          TEXT NOT NULL,
            reference_number TEXT NOT NULL,
            sealed_key       BLOB NOT NULL,
            requested        INTEGER NOT NULL
        );
        """,
        // 4: the offline queue: invoices protected with KOD I/KOD II that must still reach KSeF
        """
        CREATE TABLE offline_invoices (
            id             TEXT PRIMARY KEY,
            path           TEXT NOT NULL,
            invoice_number TEXT,
            seller_nip     TEXT NOT NULL,
            issue_date     TEXT NOT NULL,
            hash           TEXT NOT NULL,
            mode           TEXT NOT NULL,
            deadline       TEXT NOT NULL,
            environment    TEXT NOT NULL,
            certificate    TEXT NOT NULL,
            invoice_link   TEXT NOT NULL,
            certificate_link TEXT NOT NULL,
            protected      INTEGER NOT NULL,
            ksef_number    TEXT,
            sent           INTEGER
        );
        CREATE INDEX offline_invoices_open ON offline_invoices(ksef_number, deadline);
        """,
        // 5: high-water marks of incremental invoice download, per environment, context and subject type
        """
        CREATE TABLE sync_marks (
            environment  TEXT NOT NULL,
            context      TEXT NOT NULL,
            subject_type TEXT NOT NULL,
            hwm          TEXT NOT NULL,
            updated      INTEGER NOT NULL,
            PRIMARY KEY (environment, context, subject_type)
        );
        """,
        // 6: the send journal: every sending session and its invoices, recorded before anything is uploaded or sent
        """
        CREATE TABLE send_sessions (
            reference     TEXT PRIMARY KEY,
            kind          TEXT NOT NULL,
            environment   TEXT NOT NULL,
            api_url       TEXT NOT NULL,
            context       TEXT NOT NULL,
            form          TEXT NOT NULL,
            offline_mode  INTEGER NOT NULL,
            sealed_secret BLOB NOT NULL,
            parts_dir     TEXT,
            upload_until  INTEGER,
            state         TEXT NOT NULL,
            opened        INTEGER NOT NULL
        );
        CREATE INDEX send_sessions_open ON send_sessions(api_url, context, state);
        CREATE TABLE send_items (
            session_ref    TEXT NOT NULL,
            ordinal        INTEGER NOT NULL,
            path           TEXT NOT NULL,
            entry_name     TEXT,
            hash           TEXT NOT NULL,
            invoice_number TEXT NOT NULL,
            seller_nip     TEXT NOT NULL,
            offline_id     TEXT,
            corrected_hash TEXT,
            invoice_ref    TEXT,
            status_code    INTEGER,
            ksef_number    TEXT,
            PRIMARY KEY (session_ref, ordinal)
        );
        CREATE INDEX send_items_hash ON send_items(hash);
        CREATE INDEX send_items_entry ON send_items(session_ref, entry_name);
        """,
        // 7: the offline queue is looked up by hash (an invoice protected twice is queued once)
        """
        CREATE INDEX offline_invoices_hash ON offline_invoices(hash, environment);
        """,
        // 8: keys that stay where they are: the entry keeps a reference (and an empty sealed_key), not the key
        """
        ALTER TABLE certificates ADD COLUMN key_source TEXT NOT NULL DEFAULT 'Store';
        ALTER TABLE certificates ADD COLUMN key_reference TEXT;
        """,
        // 9: keys on PKCS#11 tokens: the PIN sealed with the entry when the user opted in; enrollments whose key was made on a token
        """
        ALTER TABLE certificates ADD COLUMN sealed_pin BLOB;
        ALTER TABLE pending_enrollments ADD COLUMN key_reference TEXT;
        ALTER TABLE pending_enrollments ADD COLUMN sealed_pin BLOB;
        """,
        // 10: offline deadlines that Latarnia's announcements moved, and why
        """
        ALTER TABLE offline_invoices ADD COLUMN deadline_reason TEXT;
        """,
        // 11: each journalled invoice's issue date (P_1), for the KOD I link of its result; how KSeF recorded it and when
        """
        ALTER TABLE send_items ADD COLUMN issue_date TEXT;
        ALTER TABLE send_items ADD COLUMN invoicing_mode TEXT;
        ALTER TABLE send_items ADD COLUMN acquired INTEGER;
        """,
        // 12: the offline queue looked up by issue date first: a run's new entries sit together in the index instead of
        // landing all over it, so queueing does not get slower with every invoice the queue has ever held
        """
        DROP INDEX offline_invoices_hash;
        CREATE INDEX offline_invoices_dedupe ON offline_invoices(issue_date, hash, environment);
        """,
    ];

    public static int CurrentVersion => Migrations.Count;

    internal static int ReadVersion(SqliteConnection connection, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "PRAGMA user_version";
        return Convert.ToInt32(command.ExecuteScalar());
    }

    /// <summary>Brings the schema to <see cref="CurrentVersion"/>; returns the version found.</summary>
    internal static int Migrate(SqliteConnection connection, string path)
    {
        var found = ReadVersion(connection);
        if (found == CurrentVersion)
        {
            return found;
        }
        using var transaction = connection.BeginTransaction(deferred: false);
        var version = ReadVersion(connection, transaction);
        if (version > CurrentVersion)
        {
            throw new KsefException(ErrorIds.StoreSchemaTooNew, KsefErrorKind.OpenError,
                $"The store '{path}' has schema version {version}, newer than this KsefPS understands ({CurrentVersion}). Update KsefPS.", path);
        }
        for (var next = version; next < CurrentVersion; next++)
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = Migrations[next] + $";\nPRAGMA user_version = {next + 1};";
            command.ExecuteNonQuery();
        }
        transaction.Commit();
        return version;
    }
}
