using System.Management.Automation;
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

    protected string ResolvePath(string path) => SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);

    /// <summary>
    /// Input files of a -Path/-LiteralPath pair: literal paths as given, wildcards expanded against the PowerShell
    /// location. A wildcard that matches nothing is a non-terminating error with <paramref name="notFoundErrorId"/>.
    /// </summary>
    protected IReadOnlyList<string> ResolveInputFiles(IEnumerable<string> paths, bool literal, string notFoundErrorId)
    {
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (literal || !WildcardPattern.ContainsWildcardCharacters(path))
            {
                files.Add(ResolvePath(path));
                continue;
            }
            try
            {
                files.AddRange(SessionState.Path.GetResolvedProviderPathFromPSPath(path, out _));
            }
            catch (ItemNotFoundException)
            {
                WriteKsefError(new KsefException(notFoundErrorId, KsefErrorKind.ObjectNotFound, $"No file matches '{path}'.", path));
            }
        }
        return files;
    }
}
