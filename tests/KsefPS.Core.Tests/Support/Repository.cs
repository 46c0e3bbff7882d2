namespace KsefPS.Core.Tests.Support;

/// <summary>Finds the repository root (where KsefPS.sln is) and the official KSeF material in it.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    /// <summary>A file of the official KSeF material kept in the repository's spec/ folder.</summary>
    public static string Spec(params string[] parts) => Path.Combine([Root, "spec", .. parts]);

    /// <summary>A sample written for the tests (tests/samples/), where the official material has none.</summary>
    public static string TestSample(string name) => Path.Combine(Root, "tests", "samples", name);

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
