using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace KsefPS.Tests;

/// <summary>
/// A runspace with the KsefPS cmdlets and a store of its own in a temporary folder, as a non-interactive host
/// (the in-process default host), which is what runbooks and scheduled tasks are.
/// </summary>
public sealed class PowerShellSession : IDisposable
{
    private readonly Runspace _runspace;

    public PowerShellSession()
    {
        Directory = Path.Combine(Path.GetTempPath(), "ksefps-cmdlets-" + Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(Directory);
        StorePath = Path.Combine(Directory, "store", "store.db");
        var state = InitialSessionState.CreateDefault2();
        state.ImportPSModule(typeof(Cmdlets.Store.GetKsefStoreCommand).Assembly.Location);
        _runspace = RunspaceFactory.CreateRunspace(state);
        _runspace.Open();
        Run($"$PSDefaultParameterValues['*-Ksef*:StorePath'] = '{StorePath}'; Set-Location '{Directory}'");
    }

    public string Directory { get; }
    public string StorePath { get; }

    public Collection<PSObject> Run(string script) => Run(script, out _);

    public Collection<PSObject> Run(string script, out Streams streams)
    {
        using var shell = PowerShell.Create(_runspace);
        shell.AddScript(script);
        try
        {
            return shell.Invoke();
        }
        finally
        {
            var s = shell.Streams;
            streams = new Streams([.. s.Error], [.. s.Warning], [.. s.Verbose], [.. s.Debug], [.. s.Information]);
        }
    }

    /// <summary>A copy of what a pipeline wrote besides its output (the live collections are cleared on dispose).</summary>
    public sealed record Streams(
        List<ErrorRecord> Error,
        List<WarningRecord> Warning,
        List<VerboseRecord> Verbose,
        List<DebugRecord> Debug,
        List<InformationRecord> Information);

    /// <summary>Runs and returns the ErrorIds of the errors (terminating or not) it produced.</summary>
    public List<string> ErrorIds(string script)
    {
        try
        {
            Run(script, out var streams);
            return streams.Error.Select(e => e.FullyQualifiedErrorId.Split(',')[0]).ToList();
        }
        catch (RuntimeException e) when (e.ErrorRecord is not null)
        {
            return [e.ErrorRecord.FullyQualifiedErrorId.Split(',')[0]];
        }
    }

    public int CertificateCount() => (int)Run("@(Get-KsefCertificate).Count")[0].BaseObject;

    public string File(string name) => Path.Combine(Directory, name);

    public void Dispose()
    {
        _runspace.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
