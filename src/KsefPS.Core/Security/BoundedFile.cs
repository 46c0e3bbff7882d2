using System.Runtime.CompilerServices;

namespace KsefPS.Core.Security;

/// <summary>
/// Reads a whole file only when it is an ordinary file of a sensible size for what it is. A pipe or a device has no
/// length, so it is refused before it is opened: opening a FIFO blocks until someone writes, and /dev/zero never ends.
/// </summary>
public static class BoundedFile
{
    /// <summary>Certificates, keys and PFX files: real ones are a few kilobytes.</summary>
    public const int CertificateLimit = 1_000_000;

    private const string NotRegular = "is empty, or is not a regular file (a pipe or a device)";

    public static byte[] Read(string path, int limit, Func<FileRefusal, string, Exception> refuse)
    {
        byte[]? content = null;
        ReadInto(path, limit, ref content, refuse);
        return content!;
    }

    /// <summary>
    /// As <see cref="Read"/>, into <paramref name="buffer"/> when the file fits in it (a caller that reads file after file
    /// and keeps none of them), else into a new array of the file's size left in <paramref name="buffer"/>. Answers the
    /// file's length.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int ReadInto(string path, int limit, ref byte[]? buffer, Func<FileRefusal, string, Exception> refuse)
    {
        if (UnixFileReader.TryReadInto(path, limit, ref buffer, out var length, out var special))
        {
            return length;
        }
        if (special)
        {
            throw refuse(FileRefusal.EmptyOrNotRegular, NotRegular);
        }
        // One stat for the usual case; a directory is told apart only when the path is not a file. A symbolic link is
        // judged by what it leads to: its own length is that of the target's name, and a FIFO behind it would hold the
        // open below until someone writes.
        var info = new FileInfo(path);
        if (info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is FileInfo target)
        {
            info = target;
        }
        if (!info.Exists)
        {
            throw Directory.Exists(path) ? refuse(FileRefusal.Directory, "is a directory") : refuse(FileRefusal.Missing, "does not exist");
        }
        if (info.Length == 0)
        {
            throw refuse(FileRefusal.EmptyOrNotRegular, NotRegular);
        }
        if (info.Length > limit)
        {
            throw refuse(FileRefusal.TooLarge, $"has {info.Length:N0} bytes, more than the {limit:N0} such a file can have");
        }
        // No read-ahead hint: the whole file is read in one call, and the hint is one more system call per invoice.
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        var size = (int)info.Length;
        if (buffer is null || buffer.Length < size)
        {
            buffer = new byte[size];
        }
        var read = 0;
        while (read < size && RandomAccess.Read(handle, buffer.AsSpan(read, size - read), read) is var got and > 0)
        {
            read += got;
        }
        if (read < size || RandomAccess.Read(handle, stackalloc byte[1], read) != 0)
        {
            throw refuse(FileRefusal.TooLarge, "changed size while it was read");
        }
        return size;
    }
}
