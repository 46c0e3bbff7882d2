using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Text;
using KsefPS.Core.Errors;

namespace KsefPS.Core.Store;

/// <summary>The Windows default: the store key protected by DPAPI for the current user, kept in the store's meta table.</summary>
[SupportedOSPlatform("windows")]
internal sealed class DpapiVault : IUserKeyVault
{
    private const string MetaKey = "dpapi_wrapped_key";
    private static readonly byte[] Entropy = Encoding.ASCII.GetBytes("ksefps/v1/store-key/dpapi");

    public string Description => "DPAPI (CurrentUser)";

    public byte[]? TryLoad(StoreMeta meta)
    {
        var blob = meta.GetBytes(MetaKey);
        if (blob is null)
        {
            return null;
        }
        try
        {
            return ProtectedData.Unprotect(blob, Entropy, DataProtectionScope.CurrentUser);
        }
        catch (CryptographicException e)
        {
            // DPAPI opens only what the same account protected, and only in a logon that holds the account's keys.
            throw new KsefException(ErrorIds.StoreKeyMismatch, KsefErrorKind.SecurityError,
                $"DPAPI cannot open the store key for {Environment.UserDomainName}\\{Environment.UserName}: the store was made by another Windows account or on another machine, or this logon has no access to the account's DPAPI keys (a scheduled task set not to store the password).",
                null, e)
            {
                RecommendedAction = "Open the store as the account that made it, in a logon with its password (for a scheduled task: store the password); to move a store to another account, first protect it with a passphrase (Set-KsefStore -Protection Passphrase), then unlock it there.",
            };
        }
    }

    public void Save(StoreMeta meta, ReadOnlySpan<byte> storeKey)
    {
        var key = storeKey.ToArray();
        try
        {
            meta.Set(MetaKey, ProtectedData.Protect(key, Entropy, DataProtectionScope.CurrentUser));
        }
        catch (CryptographicException e)
        {
            throw new KsefException(ErrorIds.StoreUnavailable, KsefErrorKind.OpenError,
                $"DPAPI cannot protect the store key for {Environment.UserDomainName}\\{Environment.UserName}: this logon has no access to the account's DPAPI keys (a scheduled task set not to store the password). Nothing was changed.",
                null, e)
            {
                RecommendedAction = "Run in a logon with the account's password (for a scheduled task: store the password), or protect the store with a passphrase (Set-KsefStore -Protection Passphrase).",
            };
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    public void Delete(StoreMeta meta) => meta.Remove(MetaKey);
}
