using System.Diagnostics;
using System.Management.Automation;
using KsefPS.Core.Environments;
using KsefPS.Infrastructure;

namespace KsefPS.Cmdlets.Environments;

[Cmdlet(VerbsCommon.Open, "KsefPortal")]
[OutputType(typeof(Uri))]
public sealed class OpenKsefPortalCommand : KsefCmdlet
{
    [Parameter(Position = 0)]
    public KsefEnvironment Environment { get; set; } = KsefEnvironment.Test;

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        var url = KsefEnvironmentInfo.For(Environment).PortalUrl;
        if (!IsInteractive() || !TryOpenBrowser(url))
        {
            WriteInformation(new HostInformationMessage { Message = $"KSeF portal ({Environment}): {url}" }, ["PSHOST"]);
        }
        if (PassThru)
        {
            WriteObject(url);
        }
    }

    private bool TryOpenBrowser(Uri url)
    {
        try
        {
            if (!OperatingSystem.IsWindows() && !OperatingSystem.IsMacOS()
                && string.IsNullOrEmpty(System.Environment.GetEnvironmentVariable("DISPLAY"))
                && string.IsNullOrEmpty(System.Environment.GetEnvironmentVariable("WAYLAND_DISPLAY")))
            {
                return false;
            }
            WriteVerbose($"Opening {url} in the default browser.");
            using var _ = Process.Start(new ProcessStartInfo(url.AbsoluteUri) { UseShellExecute = true });
            return true;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            WriteVerbose($"No browser could be started: {e.Message}");
            return false;
        }
    }
}
