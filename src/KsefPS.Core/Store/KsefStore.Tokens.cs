using System.Security;
using System.Security.Cryptography;
using System.Text;
using KsefPS.Core.Environments;
using KsefPS.Core.Errors;
using KsefPS.Core.Identifiers;
using KsefPS.Core.Security;
using Microsoft.Data.Sqlite;

namespace KsefPS.Core.Store;

/// <summary>KSeF tokens in the store: sealed with AES-256-GCM under the store key, bound to their row like private keys.</summary>
public sealed partial class KsefStore
{
    public StoredToken AddToken(string name, KsefEnvironment environment, Uri apiUrl, ContextIdentifier context, string referenceNumber,
        string description, IReadOnlyList<string> permissions, SecureString token)
    {
        name = ValidateName(name);
        var id = Guid.NewGuid();
        var key = AcquireKey();
        var secret = SecureStrings.ToUtf8(token);
        byte[] sealedToken;
        try
        {
            sealedToken = SecretSealer.Seal(key, secret, TokenAssociatedData(id));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
            CryptographicOperations.ZeroMemory(key);
        }
        using var transaction = _connection.BeginTransaction(deferred: false);
        RequireFreeTokenName(name, transaction);
        using (var insert = _connection.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO tokens (id, name, environment, api_url, context_type, context_value, reference_number, description, permissions, sealed_token, added)
                VALUES ($id, $name, $environment, $api_url, $context_type, $context_value, $reference, $description, $permissions, $sealed, $added)
                """;
            var p = insert.Parameters;
            p.AddWithValue("$id", id.ToString());
            p.AddWithValue("$name", name);
            p.AddWithValue("$environment", environment.ToString());
            p.AddWithValue("$api_url", apiUrl.AbsoluteUri);
            p.AddWithValue("$context_type", context.Type.ToString());
            p.AddWithValue("$context_value", context.Value);
            p.AddWithValue("$reference", referenceNumber);
            p.AddWithValue("$description", description);
            p.AddWithValue("$permissions", string.Join(",", permissions));
            p.AddWithValue("$sealed", sealedToken);
            p.AddWithValue("$added", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            insert.ExecuteNonQuery();
        }
        transaction.Commit();
        return ListTokens().Single(t => t.Id == id);
    }

    /// <summary>
    /// Throws what <see cref="AddToken"/> would throw for this name or for a store key that cannot be had now, so that a
    /// token is asked of KSeF only when it can be kept.
    /// </summary>
    public void RequireTokenCanBeAdded(string name)
    {
        name = ValidateName(name);
        CryptographicOperations.ZeroMemory(AcquireKey());
        RequireFreeTokenName(name, null);
    }

    private void RequireFreeTokenName(string name, SqliteTransaction? transaction)
    {
        using var check = _connection.CreateCommand();
        check.Transaction = transaction;
        check.CommandText = "SELECT COUNT(*) FROM tokens WHERE name = $name COLLATE NOCASE";
        check.Parameters.AddWithValue("$name", name);
        if (Convert.ToInt32(check.ExecuteScalar()) > 0)
        {
            throw new KsefException(ErrorIds.TokenNameTaken, KsefErrorKind.ResourceExists,
                $"A token named '{name}' is already in the store; choose another -Name.", name);
        }
    }

    public IReadOnlyList<StoredToken> ListTokens()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT id, name, environment, api_url, context_type, context_value, reference_number, description, permissions, added FROM tokens ORDER BY name COLLATE NOCASE";
        using var reader = command.ExecuteReader();
        var result = new List<StoredToken>();
        while (reader.Read())
        {
            result.Add(new StoredToken(Guid.Parse(reader.GetString(0)), reader.GetString(1), Enum.Parse<KsefEnvironment>(reader.GetString(2)),
                new Uri(reader.GetString(3)), new ContextIdentifier(Enum.Parse<ContextIdentifierType>(reader.GetString(4)), reader.GetString(5)),
                reader.GetString(6), reader.GetString(7), reader.GetString(8).Split(',', StringSplitOptions.RemoveEmptyEntries),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(9)), Path));
        }
        return result;
    }

    /// <summary>The token itself, unsealed into a read-only SecureString the caller disposes.</summary>
    public SecureString OpenToken(StoredToken token)
    {
        byte[] sealedToken;
        using (var command = _connection.CreateCommand())
        {
            command.CommandText = "SELECT sealed_token FROM tokens WHERE id = $id";
            command.Parameters.AddWithValue("$id", token.Id.ToString());
            sealedToken = command.ExecuteScalar() as byte[] ?? throw new KsefException(ErrorIds.TokenNotFound, KsefErrorKind.ObjectNotFound,
                $"No token named '{token.Name}' is in the store.", token.Name);
        }
        var key = AcquireKey();
        byte[]? secret = null;
        char[]? chars = null;
        try
        {
            secret = SecretSealer.Open(key, sealedToken, TokenAssociatedData(token.Id));
            chars = Encoding.UTF8.GetChars(secret);
            var secure = new SecureString();
            foreach (var c in chars)
            {
                secure.AppendChar(c);
            }
            secure.MakeReadOnly();
            return secure;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
            if (secret is not null)
            {
                CryptographicOperations.ZeroMemory(secret);
            }
            if (chars is not null)
            {
                Array.Clear(chars);
            }
        }
    }

    public bool RemoveToken(Guid id) => DeleteRow("tokens", id);

    private static byte[] TokenAssociatedData(Guid id) => Encoding.ASCII.GetBytes($"ksefps/v1/tokens/{id}/token");
}
