namespace KsefPS.Core.Store;

/// <summary>Creates directories 0700 and files 0600 at creation time, never by chmod afterwards (DESIGN §4).</summary>
public static class SecureFiles
{
    public const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static void EnsureDirectory(string directory)
    {
        if (Directory.Exists(directory))
        {
            return;
        }
        if (OperatingSystem.IsWindows())
        {
            // The per-user profile folders already carry an ACL limited to the user and SYSTEM.
            Directory.CreateDirectory(directory);
        }
        else
        {
            // Every level KsefPS creates is owner-only, not just the last (CreateDirectory gives the mode to the leaf alone).
            var missing = new Stack<string>();
            for (var level = Path.GetFullPath(directory); !Directory.Exists(level); level = Path.GetDirectoryName(level)!)
            {
                missing.Push(level);
            }
            while (missing.TryPop(out var level))
            {
                Directory.CreateDirectory(level, DirectoryMode);
            }
        }
    }

    /// <summary>Opens a new file for writing with owner-only permissions; fails if it exists.</summary>
    public static FileStream CreateNew(string path) => Open(path, System.IO.FileMode.CreateNew);

    /// <summary>Creates or truncates a file; a new file gets owner-only permissions.</summary>
    public static FileStream Create(string path) => Open(path, System.IO.FileMode.Create);

    /// <summary>Creates an empty file with owner-only permissions unless it exists already.</summary>
    public static void Touch(string path)
    {
        try
        {
            using var _ = CreateNew(path);
        }
        catch (IOException) when (File.Exists(path))
        {
        }
    }

    /// <summary>Writes a whole file through a temporary sibling, so readers never see half of it.</summary>
    public static void WriteAtomically(string path, ReadOnlySpan<byte> content)
    {
        var temporary = path + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp";
        try
        {
            using (var stream = CreateNew(temporary))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    private static FileStream Open(string path, System.IO.FileMode mode)
    {
        var options = new FileStreamOptions { Mode = mode, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = FileMode;
        }
        return new FileStream(path, options);
    }
}
