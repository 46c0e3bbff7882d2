using KsefPS.Core.Errors;

namespace KsefPS.Core.Tests.Support;

public static class KsefAssert
{
    public static KsefException Fails(string errorId, Action action)
    {
        var e = Assert.Throws<KsefException>(action);
        Assert.Equal(errorId, e.ErrorId);
        return e;
    }

    public static bool Contains(byte[] haystack, byte[] needle) =>
        needle.Length > 0 && haystack.AsSpan().IndexOf(needle) >= 0;

    /// <summary>Every file of the store (db, -wal, -shm, key file), read while it may be open.</summary>
    public static byte[] ReadStoreFiles(string storePath)
    {
        var bytes = new List<byte>();
        foreach (var file in new[] { storePath, storePath + "-wal", storePath + "-shm" })
        {
            if (File.Exists(file))
            {
                using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var memory = new MemoryStream();
                stream.CopyTo(memory);
                bytes.AddRange(memory.ToArray());
            }
        }
        return bytes.ToArray();
    }
}
