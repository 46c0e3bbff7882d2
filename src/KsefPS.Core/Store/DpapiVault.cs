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
            // Typically a store made by one Windows account and opened by another (a scheduled task's service account),
            // or copied to another machine: DPAPI opens only what the same user protected.
            throw new KsefException(ErrorIds.StoreKeyMismatch, KsefErrorKind.SecurityError,
                $"The store key is protected by DPAPI for another Windows user or machine than {Environment.UserDomainName}\\{Environment.UserName}; this account cannot open it.",
                null, e)
            {
                RecommendedAction = "Open the store as the account that made it; to move a store to another account, first protect it with a passphrase (Set-KsefStore -Protection Passphrase), then unlock it there.",
            };
        }
    }

    public void Save(StoreMeta meta, ReadOnlySpan<byte> storeKey) =>
        meta.Set(MetaKey, ProtectedData.Protect(storeKey.ToArray(), Entropy, DataProtectionScope.CurrentUser));

    public void Delete(StoreMeta meta) => meta.Remove(MetaKey);
}
