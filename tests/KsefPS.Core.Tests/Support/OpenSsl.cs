namespace KsefPS.Core.Tests.Support;

/// <summary>Runs the real openssl binary (installed by .ci/run) as an independent reader and writer of key formats.</summary>
public static class OpenSsl
{
    public static string Run(string workingDirectory, params string[] arguments)
    {
        var (exitCode, output) = ExternalTool.Run("openssl", workingDirectory, arguments);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"openssl {string.Join(' ', arguments)} failed ({exitCode}): {output}");
        }
        return output;
    }
}
