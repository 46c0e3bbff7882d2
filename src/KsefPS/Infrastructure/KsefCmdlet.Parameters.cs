using System.Management.Automation;
using System.Runtime.ExceptionServices;
using KsefPS.Core.Errors;

namespace KsefPS.Infrastructure;

/// <summary>Parameters as the engine wants them: paths resolved through the provider, durations.</summary>
public abstract partial class KsefCmdlet
{
    /// <summary>
    /// The one duration a cmdlet was given: its TimeSpan parameter (where a bare number means seconds), or else the
    /// older whole-seconds parameter, which keeps working as it always did. Both at once is an error, as is a
    /// duration outside [<paramref name="minimum"/>, <paramref name="maximum"/>].
    /// </summary>
    protected TimeSpan Duration(string name, TimeSpan? value, string secondsName, int seconds, TimeSpan minimum, TimeSpan maximum)
    {
        if (value is not null && MyInvocation.BoundParameters.ContainsKey(secondsName))
        {
            ThrowKsefError(new KsefException(ErrorIds.DurationGivenTwice, KsefErrorKind.InvalidArgument,
                $"Give -{name} or -{secondsName}, not both.", name));
        }
        var duration = value ?? TimeSpan.FromSeconds(seconds);
        if (duration < minimum || duration > maximum)
        {
            ThrowKsefError(new KsefException(ErrorIds.DurationOutOfRange, KsefErrorKind.InvalidArgument,
                $"-{name} must be from {minimum} to {maximum}; {duration} was given.", duration));
        }
        return duration;
    }

    protected string ResolvePath(string path) => AbsoluteUnixPath.Resolve(path) ?? SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);

    /// <summary>
    /// Input files of a -Path/-LiteralPath pair, streamed: literal paths as given, wildcards expanded against the
    /// PowerShell location, and — when <paramref name="folderFiles"/> is given — a folder read as its files of that
    /// pattern. A wildcard or folder that yields nothing is a non-terminating error with <paramref name="notFoundErrorId"/>.
    /// </summary>
    protected IEnumerable<string> ResolveInputFiles(IEnumerable<string> paths, bool literal, string notFoundErrorId, string? folderFiles = null)
    {
        foreach (var source in ResolveInputSources(paths, literal, notFoundErrorId, folderFiles))
        {
            foreach (var (file, failure) in source.Listing())
            {
                switch (failure)
                {
                    case null:
                        yield return file!;
                        break;
                    case KsefException refused:
                        WriteKsefError(refused);
                        break;
                    case IOException or UnauthorizedAccessException:
                        WriteKsefError(new KsefException(notFoundErrorId, KsefErrorKind.OpenError, $"'{source.Given}': {failure.Message}", source.Given, failure));
                        break;
                    default:
                        ExceptionDispatchInfo.Throw(failure);
                        break;
                }
            }
        }
    }

    /// <summary>
    /// The -Path/-LiteralPath values as sources any thread can enumerate (<see cref="InputSource"/>). Only a wildcard in
    /// the last segment stays lazy; one in a folder name is expanded here, through the provider.
    /// </summary>
    private protected IEnumerable<InputSource> ResolveInputSources(IEnumerable<string> paths, bool literal, string notFoundErrorId, string? folderFiles)
    {
        foreach (var path in paths)
        {
            if (literal || !WildcardPattern.ContainsWildcardCharacters(path))
            {
                yield return new InputSource(path, ResolvePath(path), null, folderFiles, notFoundErrorId);
                continue;
            }
            var cut = path.LastIndexOfAny(['/', '\\']);
            var folder = cut < 0 ? "." : path[..(cut + 1)];
            var leaf = path[(cut + 1)..];
            if (!WildcardPattern.ContainsWildcardCharacters(folder)
                && SessionState.Path.GetUnresolvedProviderPathFromPSPath(folder, out var provider, out _) is var fullFolder
                && provider.Name == "FileSystem")
            {
                yield return new InputSource(path, fullFolder, new WildcardPattern(leaf, WildcardOptions.IgnoreCase), folderFiles, notFoundErrorId);
                continue;
            }
            IEnumerable<string> matches;
            try
            {
                matches = SessionState.Path.GetResolvedProviderPathFromPSPath(path, out _);
            }
            catch (ItemNotFoundException)
            {
                WriteKsefError(new KsefException(notFoundErrorId, KsefErrorKind.ObjectNotFound, $"No file matches '{path}'.", path));
                continue;
            }
            foreach (var match in matches)
            {
                yield return new InputSource(path, match, null, folderFiles, notFoundErrorId);
            }
        }
    }
}
