namespace KsefPS.Core.Tests.Support;

/// <summary>Finds the repository root (where KsefPS.sln is) and the shared KSeF specification beside it.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    /// <summary>A file of the official KSeF material: $env:KSEFPS_SPEC_DIR, else shared/ksef-spec beside the repository.</summary>
    public static string Spec(params string[] parts)
    {
        var spec = Environment.GetEnvironmentVariable("KSEFPS_SPEC_DIR") is { Length: > 0 } fromEnvironment
            ? fromEnvironment
            : Path.GetFullPath(Path.Combine(Root, "..", "shared", "ksef-spec"));
        if (!Directory.Exists(spec))
        {
            throw new DirectoryNotFoundException(
                $"The KSeF specification folder '{spec}' is missing: put shared/ksef-spec beside the repository or set KSEFPS_SPEC_DIR.");
        }
        return Path.Combine([spec, .. parts]);
    }

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "KsefPS.sln")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("KsefPS.sln not found above " + AppContext.BaseDirectory);
    }
}
