using KsefPS.Core.Errors;

namespace KsefPS.Core.Store;

/// <summary>Where the store lives: an explicit path, else $env:KSEFPS_STORE, else the per-user data folder (DESIGN §4).</summary>
public static class StoreLocation
{
    public const string EnvironmentVariable = "KSEFPS_STORE";

    public static string Resolve(string? explicitPath)
    {
        if (!string.IsNullOrWhiteSpace(explicitPath))
        {
            return Path.GetFullPath(explicitPath);
        }
        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return FromEnvironment(fromEnvironment);
        }
        return Path.Combine(DefaultDirectory(), "store.db");
    }

    /// <summary>
    /// The variable comes as often from a scheduled task, a service or a crontab as from a shell, and none of those
    /// expands it: "~/" is the user's home here, and a relative path is refused rather than read against whatever folder
    /// the process started in (System32 for a Windows scheduled task), where a new store would quietly be made.
    /// </summary>
    private static string FromEnvironment(string value)
    {
        var path = value.Length > 1 && value[0] == '~' && (value[1] == '/' || (OperatingSystem.IsWindows() && value[1] == '\\'))
            ? Path.Join(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), value[2..])
            : value;
        if (!Path.IsPathFullyQualified(path))
        {
            throw new KsefException(ErrorIds.StoreUnavailable, KsefErrorKind.OpenError,
                $"$env:{EnvironmentVariable} is '{value}', a relative path: it would name another store in every folder a command starts in. Nothing was opened or made.",
                value)
            {
                RecommendedAction = $"Set $env:{EnvironmentVariable} to the store's full path (or one that starts with ~/), or give -StorePath.",
            };
        }
        return Path.GetFullPath(path);
    }

    private static string DefaultDirectory()
    {
        if (OperatingSystem.IsWindows())
        {
            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "KsefPS");
        }
        var dataHome = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        if (string.IsNullOrWhiteSpace(dataHome) || !Path.IsPathRooted(dataHome))
        {
            dataHome = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
        }
        return Path.Combine(dataHome, "ksefps");
    }
}
