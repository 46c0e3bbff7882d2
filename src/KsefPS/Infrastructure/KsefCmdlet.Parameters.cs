using System.Management.Automation;
using System.Runtime.ExceptionServices;
using KsefPS.Core.Errors;
using KsefPS.Core.Security;
using Microsoft.PowerShell.Commands;

namespace KsefPS.Infrastructure;

/// <summary>Parameters as the engine wants them: paths resolved through the provider, durations, dates and ranges.</summary>
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

    /// <summary>A date the user gave, as an instant: one without a kind is the user's local time, as PowerShell reads it.</summary>
    protected static DateTimeOffset Instant(DateTime value) =>
        new(value.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(value, DateTimeKind.Local) : value);

    /// <summary>
    /// Stops the command when a date range starts after it ends (<paramref name="end"/> is "now" where the end was not
    /// given): it could hold nothing, and KSeF answers such a query with an empty list rather than say why.
    /// </summary>
    protected void RequireOrdered(string start, DateTimeOffset from, string end, DateTimeOffset until)
    {
        if (from > until)
        {
            ThrowKsefError(new KsefException(ErrorIds.RangeInvalid, KsefErrorKind.InvalidArgument,
                FormattableString.Invariant($"{start} ({from:yyyy-MM-dd HH:mm:ss zzz}) is after {end} ({until:yyyy-MM-dd HH:mm:ss zzz}); the range would hold nothing."), from));
        }
    }

    /// <summary>Stops the command when an amount range has its minimum above its maximum.</summary>
    protected void RequireOrdered(string start, decimal? minimum, string end, decimal? maximum)
    {
        if (minimum > maximum)
        {
            ThrowKsefError(new KsefException(ErrorIds.RangeInvalid, KsefErrorKind.InvalidArgument,
                FormattableString.Invariant($"{start} ({minimum}) is above {end} ({maximum}); the range would hold nothing."), minimum));
        }
    }

    /// <summary>A file or folder path given as a parameter, resolved against the PowerShell location; any other path stops the command.</summary>
    protected string ResolvePath(string path)
    {
        var (resolved, refusal) = FileSystemPath(path);
        if (resolved is null)
        {
            ThrowKsefError(NotFileSystem(path, refusal!));
        }
        return resolved!;
    }

    /// <summary>
    /// An -OutputDirectory resolved as <see cref="ResolvePath"/> does, refused at once (OutputWriteFailed) when it cannot
    /// become a folder, rather than for every item written into it; not made here (-WhatIf leaves nothing behind).
    /// </summary>
    protected string ResolveOutputDirectory(string path)
    {
        var resolved = ResolvePath(path);
        return Terminating(() => OutputFolder.Check(resolved));
    }

    /// <summary>
    /// The file system path a PowerShell path names, resolved against the PowerShell location; or why it names none: an
    /// item of another provider (Env:, Variable:, Function:…), whose provider path .NET would read as a file name in the
    /// process's folder, or a drive that does not exist.
    /// </summary>
    private protected (string? Path, string? Refusal) FileSystemPath(string path)
    {
        if (AbsoluteUnixPath.Resolve(path) is { } absolute)
        {
            return (absolute, null);
        }
        try
        {
            var resolved = SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out var provider, out _);
            return IsFileSystem(provider) ? (resolved, null) : (null, $"it names an item of PowerShell's {provider.Name} provider");
        }
        catch (Exception e) when (e is SessionStateException or ProviderInvocationException or NotSupportedException)
        {
            return (null, Refusal(e));
        }
    }

    private static bool IsFileSystem(ProviderInfo provider) => provider.ImplementingType == typeof(FileSystemProvider);

    private static string Refusal(Exception e) => e switch
    {
        System.Management.Automation.DriveNotFoundException drive => $"there is no drive '{drive.ItemName}'",
        ProviderNotFoundException provider => $"there is no provider '{provider.ItemName}'",
        _ => e.Message.TrimEnd('.'),
    };

    private static KsefException NotFileSystem(string path, string refusal) =>
        new(ErrorIds.PathNotFileSystem, KsefErrorKind.InvalidArgument, $"'{path}' is not a file or folder path: {refusal}. KsefPS reads and writes files only.", path);

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
    /// the last segment stays lazy; one in a folder name is expanded here, through the provider. A value that names no
    /// file or folder (another provider's item, a drive that does not exist) is a non-terminating error of its own.
    /// </summary>
    private protected IEnumerable<InputSource> ResolveInputSources(IEnumerable<string> paths, bool literal, string notFoundErrorId, string? folderFiles)
    {
        foreach (var path in paths)
        {
            // What is resolved here: the path itself, or the folder a wildcard in the last segment is matched in.
            var wildcard = !literal && WildcardPattern.ContainsWildcardCharacters(path);
            var cut = wildcard ? path.LastIndexOfAny(['/', '\\']) : -1;
            var resolving = !wildcard ? path : cut < 0 ? "." : path[..(cut + 1)];
            if (wildcard && WildcardPattern.ContainsWildcardCharacters(resolving))
            {
                foreach (var source in ExpandedByProvider(path, notFoundErrorId, folderFiles))
                {
                    yield return source;
                }
                continue;
            }
            var (resolved, refusal) = FileSystemPath(resolving);
            if (resolved is null)
            {
                WriteKsefError(NotFileSystem(path, refusal!));
                continue;
            }
            var leaf = wildcard ? new WildcardPattern(path[(cut + 1)..], WildcardOptions.IgnoreCase) : null;
            yield return new InputSource(path, resolved, leaf, folderFiles, notFoundErrorId);
        }
    }

    /// <summary>A value with a wildcard in a folder name, expanded whole by PowerShell.</summary>
    private IEnumerable<InputSource> ExpandedByProvider(string path, string notFoundErrorId, string? folderFiles)
    {
        IEnumerable<string> matches;
        ProviderInfo provider;
        try
        {
            matches = SessionState.Path.GetResolvedProviderPathFromPSPath(path, out provider);
        }
        catch (ItemNotFoundException)
        {
            WriteKsefError(new KsefException(notFoundErrorId, KsefErrorKind.ObjectNotFound, $"No file matches '{path}'.", path));
            yield break;
        }
        catch (Exception e) when (e is SessionStateException or ProviderInvocationException or NotSupportedException)
        {
            WriteKsefError(NotFileSystem(path, Refusal(e)));
            yield break;
        }
        if (!IsFileSystem(provider))
        {
            WriteKsefError(NotFileSystem(path, $"it names items of PowerShell's {provider.Name} provider"));
            yield break;
        }
        foreach (var match in matches)
        {
            yield return new InputSource(path, match, null, folderFiles, notFoundErrorId);
        }
    }
}
