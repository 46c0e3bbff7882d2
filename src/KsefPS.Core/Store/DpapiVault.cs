using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Text;

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
        return blob is null ? null : ProtectedData.Unprotect(blob, Entropy, DataProtectionScope.CurrentUser);
    }

    public void Save(StoreMeta meta, ReadOnlySpan<byte> storeKey) =>
        meta.Set(MetaKey, ProtectedData.Protect(storeKey.ToArray(), Entropy, DataProtectionScope.CurrentUser));

    public void Delete(StoreMeta meta) => meta.Remove(MetaKey);
}
