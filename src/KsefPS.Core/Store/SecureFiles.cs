using KsefPS.Core.Errors;

namespace KsefPS.Core.Store;

/// <summary>
/// Creates directories 0700 and files 0600 at creation time, never by chmod afterwards (DESIGN §4); on Windows, with an ACL
/// that admits only the user, SYSTEM and Administrators (<see cref="WindowsAcl"/>).
/// </summary>
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
        // Every level KsefPS creates is owner-only, not just the last (CreateDirectory gives the mode to the leaf alone).
        var missing = new Stack<string>();
        // A root that does not exist (a drive letter nothing is mounted on) ends the walk; making its folder then fails.
        for (string? level = Path.GetFullPath(directory); level is not null && !Directory.Exists(level); level = Path.GetDirectoryName(level))
        {
            missing.Push(level);
        }
        while (missing.TryPop(out var level))
        {
            if (OperatingSystem.IsWindows())
            {
                WindowsAcl.CreateDirectory(level);
            }
            else
            {
                Directory.CreateDirectory(level, DirectoryMode);
            }
        }
    }

    /// <summary>What other users must not be able to do to a store path.</summary>
    public enum Exposure
    {
        /// <summary>A folder or the database: nobody else may put in, replace or change files (the sealed keys in the database are encrypted).</summary>
        Write,
        /// <summary>The key file: nobody else may read it either.</summary>
        ReadOrWrite,
    }

    /// <summary>
    /// Refuses, as ssh refuses a readable private key, a store path others may change (or, for the key file, read), and
    /// one owned by another user: StoreInsecure, with the path and the mode it has. KsefPS never chmods what it did not
    /// create: the user decides whether a planted file is trusted.
    /// </summary>
    public static void RequireOwnerOnly(string path, Exposure forbidden)
    {
        if (OperatingSystem.IsWindows())
        {
            WindowsAcl.RequireOwnerOnly(path, Directory.Exists(path), readingToo: forbidden == Exposure.ReadOrWrite);
            return;
        }
        var mode = File.GetUnixFileMode(path);
        var others = forbidden == Exposure.Write
            ? UnixFileMode.GroupWrite | UnixFileMode.OtherWrite
            : UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
        if ((mode & others) != 0)
        {
            throw Insecure(path, $"has mode {ModeText(mode)}: other users may {(forbidden == Exposure.Write ? "change what is in it" : "read or change it")}",
                forbidden == Exposure.Write ? "chmod go-w" : "chmod 600");
        }
        if (!(UnixOwner.IsCurrentUser(path) ?? OwnsByChmod(path, mode)))
        {
            throw Insecure(path, $"(mode {ModeText(mode)}) belongs to another user", "check who created it, then move it away or chown it");
        }
    }

    /// <summary>
    /// Only the owner (or root) may change a path's mode: setting the mode it already has is an ownership test that
    /// needs no native call (and cannot see past root).
    /// </summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static bool OwnsByChmod(string path, UnixFileMode mode)
    {
        try
        {
            File.SetUnixFileMode(path, mode);
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>The mode as ls shows it in octal, e.g. 0600.</summary>
    public static string ModeText(UnixFileMode mode) => "0" + Convert.ToString((int)mode & 0x1FF, 8).PadLeft(3, '0');

    internal static KsefException Insecure(string path, string what, string remedy) =>
        new(ErrorIds.StoreInsecure, KsefErrorKind.SecurityError, $"'{path}' {what}; KsefPS will not trust it with keys.", path)
        {
            RecommendedAction = $"If it is yours and nobody else could have changed it: {remedy}. Otherwise move it away and restore the store from a backup.",
        };

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

    private static FileStream Open(string path, System.IO.FileMode mode)
    {
        if (OperatingSystem.IsWindows())
        {
            return WindowsAcl.CreateFile(path, mode);
        }
        return new FileStream(path, new FileStreamOptions { Mode = mode, Access = FileAccess.Write, Share = FileShare.None, UnixCreateMode = FileMode });
    }
}
