using KsefPS.Core.Store;

namespace KsefPS.Core.Security;

/// <summary>
/// Whole files written beside their target and then renamed into place: a reader never sees half of one, a run that is
/// killed leaves the old file or none, and a symbolic link someone planted under the target's name in a shared folder
/// is replaced rather than followed (writing through it would overwrite whatever it points to, with the user's rights).
/// </summary>
public static class AtomicFile
{
    /// <summary>Files being written: ".{name}.{random}.part" beside their target, so that a leftover is recognised.</summary>
    public const string PartialFilePattern = ".*.part";

    /// <param name="secret">
    /// A key or the like: the file is readable by its owner alone from the moment it exists (not made first and narrowed
    /// after, when another process could already hold it open), and is on the disk before it replaces the old one.
    /// </param>
    public static void Write(string target, ReadOnlySpan<byte> content, bool secret = false)
    {
        var temporary = TemporaryFor(target);
        try
        {
            if (secret)
            {
                using var stream = SecureFiles.CreateNew(temporary);
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }
            else
            {
                // A bare handle: a FileStream made writing QR images measurably slower.
                using var handle = File.OpenHandle(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, FileOptions.None, content.Length);
                RandomAccess.Write(handle, content, 0);
            }
            File.Move(temporary, target, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw OutputFolder.WriteFailed(target, e);
        }
        finally
        {
            DeleteLeftover(temporary);
        }
    }

    public static async Task WriteAsync(string target, byte[] content, CancellationToken cancellation)
    {
        var temporary = TemporaryFor(target);
        try
        {
            await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, useAsync: true))
            {
                await stream.WriteAsync(content, cancellation).ConfigureAwait(false);
            }
            File.Move(temporary, target, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw OutputFolder.WriteFailed(target, e);
        }
        finally
        {
            DeleteLeftover(temporary);
        }
    }

    private static string TemporaryFor(string target) =>
        Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileNameWithoutExtension(target)}.{Guid.NewGuid():N}.part");

    private static void DeleteLeftover(string temporary)
    {
        if (File.Exists(temporary))
        {
            File.Delete(temporary);
        }
    }
}
