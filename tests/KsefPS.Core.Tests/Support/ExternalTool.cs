using System.Diagnostics;

namespace KsefPS.Core.Tests.Support;

/// <summary>Runs an external verifier (xmlsec1, zbarimg…) installed by .ci/run.</summary>
public static class ExternalTool
{
    /// <summary>Runs the program; Output is stdout and stderr together.</summary>
    public static (int ExitCode, string Output) Run(string program, string workingDirectory, params string[] arguments)
    {
        var (exitCode, output, error) = RunSeparately(program, workingDirectory, arguments);
        return (exitCode, output + error);
    }

    public static (int ExitCode, string StandardOutput, string StandardError) RunSeparately(string program, string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, output.Result, error.Result);
    }
}
