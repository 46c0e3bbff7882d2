namespace KsefPS.Infrastructure;

/// <summary>
/// Paths PowerShell would resolve to themselves, resolved without asking PowerShell. On Linux and macOS,
/// GetUnresolvedProviderPathFromPSPath of an absolute path costs about a tenth of a millisecond (it checks twice that the
/// "/" drive still exists, and each check reads the mount table), more than protecting an invoice: piped path strings
/// spent most of the pipeline thread's time there. A path that starts with one "/" and holds no "\" (which PowerShell
/// reads as a separator, .NET as a character) means the same file to both; every other path goes through PowerShell.
/// </summary>
internal static class AbsoluteUnixPath
{
    /// <summary>The full, normalized path, or null when PowerShell must resolve it (Windows, relative, provider paths).</summary>
    public static string? Resolve(string path) =>
        !OperatingSystem.IsWindows() && path.Length > 1 && path[0] == '/' && path[1] != '/' && !path.Contains('\\')
            ? Path.GetFullPath(path)
            : null;
}
