using KsefPS.Core.Errors;

namespace KsefPS.Core.Security;

/// <summary>
/// A file name made from a value that came from KSeF or a user (a KSeF number, a reference) joined to a folder: it
/// must be a plain name (no separators, no "..", nothing the file system would read as a path), and the joined path
/// must stay inside that folder.
/// </summary>
public static class ContainedPath
{
    public static string Join(string directory, string fileName)
    {
        var root = Path.GetFullPath(directory);
        var bad = fileName.Length == 0 || fileName.Length > 255 || fileName is "." or ".."
            || fileName.IndexOfAny(['/', '\\', ':', '\0']) >= 0 || fileName.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0
            || fileName.Any(char.IsControl);
        var full = bad ? null : Path.GetFullPath(Path.Combine(root, fileName));
        if (full is null || !string.Equals(Path.GetDirectoryName(full), Path.TrimEndingDirectorySeparator(root), StringComparison.Ordinal))
        {
            throw new KsefException(ErrorIds.FileNameUnsafe, KsefErrorKind.SecurityError,
                $"'{UntrustedText.Quote(fileName)}' is not a plain file name inside {root}; nothing was written.", fileName);
        }
        return full;
    }
}
