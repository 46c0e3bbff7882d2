using System.Security.Cryptography;
using KsefPS.Core.Errors;
using KsefPS.Core.Security;

namespace KsefPS.Core.Store;

/// <summary>The Unix default: the raw store key in a 0600 file beside the 0700 store directory's database (the ssh-key model).</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
internal sealed class KeyFileVault(string keyPath) : IUserKeyVault
{
    /// <summary>The key file and the mode it has now (not the mode it should have).</summary>
    public string Description => File.Exists(keyPath) ? $"key file {keyPath} ({SecureFiles.ModeText(File.GetUnixFileMode(keyPath))})" : $"key file {keyPath} (missing)";

    public byte[]? TryLoad(StoreMeta meta)
    {
        if (!File.Exists(keyPath))
        {
            return null;
        }
        SecureFiles.RequireOwnerOnly(keyPath, SecureFiles.Exposure.ReadOrWrite);
        var key = BoundedFile.Read(keyPath, StoreKeys.KeySize, (_, why) => new KsefException(ErrorIds.StoreKeyMismatch, KsefErrorKind.SecurityError,
            $"The store key file '{keyPath}' is damaged: it {why}.", keyPath));
        if (key.Length != StoreKeys.KeySize)
        {
            CryptographicOperations.ZeroMemory(key);
            throw new KsefException(ErrorIds.StoreKeyMismatch, KsefErrorKind.SecurityError,
                $"The store key file '{keyPath}' is damaged (wrong length).", keyPath);
        }
        return key;
    }

    public void Save(StoreMeta meta, ReadOnlySpan<byte> storeKey) => AtomicFile.Write(keyPath, storeKey, secret: true);

    public void Delete(StoreMeta meta)
    {
        if (File.Exists(keyPath))
        {
            // Overwrite before unlinking: on most file systems this replaces the key's blocks in place.
            using (var stream = new FileStream(keyPath, FileMode.Open, FileAccess.Write))
            {
                stream.Write(new byte[StoreKeys.KeySize]);
                stream.Flush(flushToDisk: true);
            }
            File.Delete(keyPath);
        }
    }
}
