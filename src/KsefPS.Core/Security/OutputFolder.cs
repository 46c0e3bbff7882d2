using KsefPS.Core.Errors;

namespace KsefPS.Core.Security;

/// <summary>
/// The folder files are written into (-OutputDirectory): refused as OutputWriteFailed when it cannot be one — a file
/// stands at its path or above it, a parent may not be written — instead of .NET's bare IOException from the first file.
/// </summary>
public static class OutputFolder
{
    /// <summary>
    /// Refuses a path that cannot become a folder, without making it (so that -WhatIf leaves nothing behind): the nearest
    /// part of it that exists must be a folder.
    /// </summary>
    public static string Check(string directory)
    {
        for (var existing = directory; !string.IsNullOrEmpty(existing); existing = Path.GetDirectoryName(existing))
        {
            if (Directory.Exists(existing))
            {
                return directory;
            }
            if (File.Exists(existing))
            {
                throw Failed(directory, existing == directory ? "a file has that name" : $"'{existing}' is a file");
            }
        }
        return directory;
    }

    /// <summary>Makes the folder and its parents when missing.</summary>
    public static string Ensure(string directory)
    {
        try
        {
            Directory.CreateDirectory(directory);
            return directory;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            Check(directory);
            throw Failed(directory, e.Message.TrimEnd('.'), e);
        }
    }

    /// <summary>A file that could not be written where it was asked for (a path inside a folder Ensure made or checked).</summary>
    internal static KsefException WriteFailed(string target, Exception e) =>
        new(ErrorIds.OutputWriteFailed, KsefErrorKind.WriteError, $"'{UntrustedText.Quote(target, 1024)}' could not be written: {e.Message.TrimEnd('.')}. Nothing was left half-written.", target, e);

    private static KsefException Failed(string directory, string why, Exception? inner = null) =>
        new(ErrorIds.OutputWriteFailed, KsefErrorKind.WriteError,
            $"The folder '{UntrustedText.Quote(directory, 1024)}' cannot hold the files: {why}. Nothing was written; choose another folder.", directory, inner);
}
