namespace KsefPS.Core.Tests.Support;

/// <summary>
/// SoftHSM2 (installed by .ci/run) with tokens of this test run only, in a temporary folder. The library reads its
/// configuration once per process, so every token the tests use is made here before the first test loads it.
/// </summary>
public static class SoftHsm
{
    public const string UserPin = "1234";
    public const string SecurityOfficerPin = "5678";
    public static readonly string[] Tokens = ["KsefPS-Rsa", "KsefPS-Ec", "KsefPS-Pin", "KsefPS-Pool", "KsefPS-Enroll", "KsefPS-Cap"];

    private static readonly Lazy<string> Folder = new(Prepare);

    /// <summary>The SoftHSM2 library, with the test tokens in place.</summary>
    public static string Library
    {
        get
        {
            _ = Folder.Value;
            return LibraryPath;
        }
    }

    public static string LibraryPath => new[] { "/usr/lib/softhsm/libsofthsm2.so", "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so", "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so" }
        .FirstOrDefault(File.Exists) ?? throw new InvalidOperationException("SoftHSM2 is not installed; .ci/run installs it (apt install softhsm2).");

    public static string ConfigurationFile => System.IO.Path.Combine(Folder.Value, "softhsm2.conf");

    /// <summary>Runs pkcs11-tool (OpenSC) against a test token, logged in.</summary>
    public static (int ExitCode, string Output) Tool(string token, params string[] arguments) =>
        ExternalTool.Run("pkcs11-tool", Folder.Value, ["--module", Library, "--token-label", token, "--login", "--pin", UserPin, .. arguments]);

    /// <summary>
    /// SoftHSM2 behind a cap on open sessions (Support/SessionCapToken.c, compiled with gcc into <paramref name="folder"/>),
    /// as some cards and HSMs have. It wraps a copy of SoftHSM2 of its own, so that neither shares the other's state in
    /// this process.
    /// </summary>
    public static string SessionCapped(int cap, string folder)
    {
        var copy = System.IO.Path.Combine(folder, $"libsofthsm2-cap{cap}.so");
        File.Copy(Library, copy, overwrite: true);
        var capped = System.IO.Path.Combine(folder, $"session-cap{cap}.so");
        var source = System.IO.Path.Combine(Repository.Root, "tests/KsefPS.Core.Tests/Support/SessionCapToken.c");
        var (exit, output) = ExternalTool.Run("gcc", folder, "-shared", "-fPIC", "-O2", $"-DWRAPPED=\"{copy}\"", $"-DCAP={cap}", "-o", capped, source, "-ldl", "-lpthread");
        return exit == 0 ? capped : throw new InvalidOperationException("gcc could not build the session-capped token (.ci/run installs gcc): " + output);
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "setenv")]
    private static extern int SetNativeEnvironment(string name, string value, int overwrite);

    private static string Prepare()
    {
        var folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "ksefps-softhsm-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(System.IO.Path.Combine(folder, "tokens"));
        var configuration = System.IO.Path.Combine(folder, "softhsm2.conf");
        File.WriteAllText(configuration, $"directories.tokendir = {folder}/tokens\nobjectstore.backend = file\nlog.level = ERROR\n");
        // SoftHSM reads its configuration with the C library's getenv, which .NET's own environment does not reach.
        Environment.SetEnvironmentVariable("SOFTHSM2_CONF", configuration);
        if (SetNativeEnvironment("SOFTHSM2_CONF", configuration, 1) != 0)
        {
            throw new InvalidOperationException("setenv failed");
        }
        foreach (var label in Tokens)
        {
            var (exit, output) = ExternalTool.Run("softhsm2-util", folder, "--init-token", "--free", "--label", label, "--pin", UserPin, "--so-pin", SecurityOfficerPin);
            if (exit != 0)
            {
                throw new InvalidOperationException("softhsm2-util could not make a test token: " + output);
            }
        }
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
            }
        };
        return folder;
    }
}
