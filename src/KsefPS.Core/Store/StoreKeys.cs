using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using KsefPS.Core.Errors;
using KsefPS.Core.Security;

namespace KsefPS.Core.Store;

/// <summary>Creates, finds, protects and caches the 256-bit store key (envelope encryption, DESIGN §4).</summary>
internal static class StoreKeys
{
    public const int KeySize = 32;

    private const string ProtectionKey = "protection";
    private const string KeyCheckKey = "key_check";
    private const string PassphraseWrappedKey = "passphrase_wrapped_key";
    private const string PassphraseParametersKey = "passphrase_kdf";
    private static readonly byte[] KeyCheckLabel = Encoding.ASCII.GetBytes("ksefps/v1/store-key/check");

    /// <summary>Unlocked passphrase-store keys of this process, by store path.</summary>
    private static readonly ConcurrentDictionary<string, (byte[] Key, DateTimeOffset Until)> Unlocked = new(PathComparer);

    private static StringComparer PathComparer => OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;

    public static IUserKeyVault UserVault(string storePath)
    {
        if (OperatingSystem.IsWindows())
        {
            return new DpapiVault();
        }
        var keyPath = Path.ChangeExtension(storePath, ".key");
        return new KeyFileVault(keyPath == storePath ? storePath + ".key" : keyPath);
    }

    /// <summary>
    /// How the store key is protected. A missing or unknown setting is never guessed (guessing User would write the
    /// key to a file, or make a new key and orphan every sealed secret): StoreCorrupt.
    /// </summary>
    public static StoreProtection ProtectionOf(StoreMeta meta) =>
        meta.GetString(ProtectionKey) switch
        {
            "User" => StoreProtection.User,
            "Passphrase" => StoreProtection.Passphrase,
            null => throw Corrupt("has no record of how its key is protected"),
            var other => throw Corrupt($"records its key protection as '{UntrustedText.Quote(other)}', which is not one KsefPS writes"),
        };

    /// <summary>
    /// True for a store that never had a key: neither a protection setting nor a key check. Only such a store gets a
    /// new key; one that has either is as its key left it, or is corrupt.
    /// </summary>
    public static bool IsNew(StoreMeta meta) => !meta.Has(ProtectionKey) && !meta.Has(KeyCheckKey);

    private static KsefException Corrupt(string what) =>
        new(ErrorIds.StoreCorrupt, KsefErrorKind.InvalidData,
            $"The store {what}. Nothing was changed and no key was made or written; restore the store from a backup.");

    /// <summary>Makes a new store key protected by the user's vault. Called once, inside the creating transaction.</summary>
    public static void Initialize(StoreMeta meta, string storePath)
    {
        var vault = UserVault(storePath);
        // A key file left by a deleted store is adopted rather than silently replaced; its check value is recorded anew.
        var key = vault.TryLoad(meta) ?? RandomNumberGenerator.GetBytes(KeySize);
        try
        {
            vault.Save(meta, key);
            meta.Set(KeyCheckKey, KeyCheck(key));
            meta.Set(ProtectionKey, nameof(StoreProtection.User));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>The store key; the caller zeroes it. Throws StoreLocked for a passphrase store not unlocked.</summary>
    public static byte[] Acquire(StoreMeta meta, string storePath)
    {
        if (ProtectionOf(meta) == StoreProtection.User)
        {
            var vault = UserVault(storePath);
            var key = vault.TryLoad(meta) ?? throw new KsefException(ErrorIds.StoreKeyMissing, KsefErrorKind.SecurityError,
                $"The store key ({vault.Description}) is missing; the private keys in '{storePath}' cannot be opened without it.", storePath);
            Verify(meta, key, storePath);
            return key;
        }
        if (Unlocked.TryGetValue(storePath, out var entry) && entry.Until > DateTimeOffset.UtcNow)
        {
            return (byte[])entry.Key.Clone();
        }
        Lock(storePath);
        throw new KsefException(ErrorIds.StoreLocked, KsefErrorKind.SecurityError,
            $"The store '{storePath}' is protected by a passphrase and is locked. Run Unlock-KsefStore first.", storePath);
    }

    public static DateTimeOffset? UnlockedUntil(string storePath) =>
        Unlocked.TryGetValue(storePath, out var entry) && entry.Until > DateTimeOffset.UtcNow ? entry.Until : null;

    public static DateTimeOffset Unlock(StoreMeta meta, string storePath, byte[] passphraseUtf8, TimeSpan timeout)
    {
        var key = UnwrapWithPassphrase(meta, storePath, passphraseUtf8);
        var until = DateTimeOffset.UtcNow + timeout;
        Lock(storePath);
        Unlocked[storePath] = (key, until);
        return until;
    }

    public static void Lock(string storePath)
    {
        if (Unlocked.TryRemove(storePath, out var entry))
        {
            CryptographicOperations.ZeroMemory(entry.Key);
        }
    }

    /// <summary>Re-wraps the (already acquired) store key; the encrypted secrets themselves are not touched.</summary>
    public static void Protect(StoreMeta meta, string storePath, byte[] storeKey, StoreProtection target, byte[]? passphraseUtf8)
    {
        var vault = UserVault(storePath);
        if (target == StoreProtection.Passphrase)
        {
            var parameters = PassphraseKeyWrap.Parameters.NewDefault();
            meta.Set(PassphraseWrappedKey, PassphraseKeyWrap.Wrap(storeKey, passphraseUtf8!, parameters));
            meta.Set(PassphraseParametersKey, parameters.ToJson());
            meta.Set(ProtectionKey, nameof(StoreProtection.Passphrase));
        }
        else
        {
            vault.Save(meta, storeKey);
            meta.Remove(PassphraseWrappedKey);
            meta.Remove(PassphraseParametersKey);
            meta.Set(ProtectionKey, nameof(StoreProtection.User));
        }
    }

    /// <summary>After a switch to a passphrase has committed, the user vault's copy must go.</summary>
    public static void ForgetUserCopy(StoreMeta meta, string storePath) => UserVault(storePath).Delete(meta);

    public static string Describe(StoreMeta meta, string storePath) =>
        ProtectionOf(meta) == StoreProtection.User
            ? UserVault(storePath).Description
            : "passphrase, " + PassphraseKeyWrap.Parameters.FromJson(meta.GetString(PassphraseParametersKey)!);

    private static byte[] UnwrapWithPassphrase(StoreMeta meta, string storePath, byte[] passphraseUtf8)
    {
        var wrapped = meta.GetBytes(PassphraseWrappedKey);
        var parameters = meta.GetString(PassphraseParametersKey);
        if (wrapped is null || parameters is null)
        {
            throw new KsefException(ErrorIds.StoreCorrupt, KsefErrorKind.InvalidData,
                $"The store '{storePath}' says it is passphrase-protected but holds no wrapped key.", storePath);
        }
        var key = PassphraseKeyWrap.Unwrap(wrapped, passphraseUtf8, PassphraseKeyWrap.Parameters.FromJson(parameters));
        Verify(meta, key, storePath);
        return key;
    }

    private static void Verify(StoreMeta meta, byte[] key, string storePath)
    {
        var expected = meta.GetBytes(KeyCheckKey);
        if (expected is null || !CryptographicOperations.FixedTimeEquals(expected, KeyCheck(key)))
        {
            CryptographicOperations.ZeroMemory(key);
            throw new KsefException(ErrorIds.StoreKeyMismatch, KsefErrorKind.SecurityError,
                $"The store key found does not belong to the store '{storePath}'.", storePath);
        }
    }

    private static byte[] KeyCheck(byte[] key) => HMACSHA256.HashData(key, KeyCheckLabel);
}
