using System.Management.Automation;
using KsefPS.Core.Errors;

namespace KsefPS.Infrastructure;

/// <summary>
/// One -Path or -LiteralPath value, resolved against the PowerShell location on the pipeline thread into something any
/// thread can enumerate without PowerShell: a file, a folder (its files matching <see cref="FolderFiles"/>), or a
/// folder and a wildcard for the names in it. Enumeration streams: the first file is at hand before the folder's last
/// name is read. Like Get-ChildItem, names match without regard to case and hidden files are left out.
/// </summary>
internal sealed record InputSource(string Given, string FullPath, WildcardPattern? Leaf, string? FolderFiles, string NotFoundErrorId)
{
    private static readonly EnumerationOptions FolderListing = new()
    {
        MatchCasing = MatchCasing.CaseInsensitive,
        AttributesToSkip = FileAttributes.Hidden | FileAttributes.System,
        IgnoreInaccessible = false,
    };

    /// <summary>A file already resolved to its full path.</summary>
    public static InputSource OfFile(string fullPath, string notFoundErrorId) => new(fullPath, fullPath, null, null, notFoundErrorId);

    /// <summary>The files this value names, in the order the file system lists them. None at all is an error.</summary>
    public IEnumerable<string> Files()
    {
        if (Leaf is null && (FolderFiles is null || !Directory.Exists(FullPath)))
        {
            yield return FullPath;
            yield break;
        }
        var found = false;
        var names = Leaf is null ? Directory.EnumerateFiles(FullPath, FolderFiles!, FolderListing) : Matching(Leaf);
        foreach (var file in names)
        {
            found = true;
            yield return file;
        }
        if (!found)
        {
            throw new KsefException(NotFoundErrorId, KsefErrorKind.ObjectNotFound, Leaf is null
                ? $"The folder '{Given}' has no {FolderFiles} files."
                : $"No file matches '{Given}'.", Given);
        }
    }

    /// <summary>
    /// <see cref="Files"/>, with a listing that fails (nothing matched, a folder that cannot be read) ending in one
    /// item that carries the failure instead of a throw, so each caller can report it its own way.
    /// </summary>
    public IEnumerable<(string? File, Exception? Failure)> Listing()
    {
        using var files = Files().GetEnumerator();
        while (true)
        {
            Exception? failure = null;
            try
            {
                if (!files.MoveNext())
                {
                    yield break;
                }
            }
            catch (Exception e)
            {
                failure = e;
            }
            yield return failure is null ? (files.Current, null) : (null, failure);
            if (failure is not null)
            {
                yield break;
            }
        }
    }

    private IEnumerable<string> Matching(WildcardPattern leaf)
    {
        if (!Directory.Exists(FullPath))
        {
            yield break;
        }
        foreach (var file in Directory.EnumerateFiles(FullPath, "*", FolderListing))
        {
            if (leaf.IsMatch(Path.GetFileName(file)))
            {
                yield return file;
            }
        }
    }
}
