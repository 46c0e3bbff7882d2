using System.Management.Automation;
using KsefPS.Core.Environments;
using KsefPS.Core.Status;
using KsefPS.Infrastructure;

namespace KsefPS.Cmdlets.Status;

/// <summary>
/// What Latarnia, KSeF's public status service, says about an environment: AVAILABLE, MAINTENANCE, FAILURE or
/// TOTAL_FAILURE with the announcements — or Unknown, with the reason, when Latarnia cannot be asked.
/// </summary>
[Cmdlet(VerbsCommon.Get, "KsefStatus")]
[OutputType(typeof(KsefStatusReport))]
public sealed class GetKsefStatusCommand : KsefCmdlet
{
    /// <summary>Default: the current session's environment, else Test.</summary>
    [Parameter(Position = 0)]
    public KsefEnvironment? Environment { get; set; }

    /// <summary>Another status service (e.g. the local emulator, which serves /status itself).</summary>
    [Parameter]
    public Uri? StatusUrl { get; set; }

    [Parameter]
    [TimeoutTransformation]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    protected override void ProcessRecord()
    {
        var session = CurrentSession.Get();
        var environment = Environment ?? session?.Environment ?? KsefEnvironment.Test;
        var url = StatusUrl ?? KsefEnvironmentInfo.StatusUrlFor(environment, Environment is null ? session?.ApiUrl : null);
        WriteVerbose($"Asking {url?.ToString() ?? "no status service"} about KSeF {environment}.");
        WriteObject(Terminating(() => RunAsync((_, cancel) => KsefStatusReader.ReadAsync(environment.ToString(), url, Timeout, cancel))));
    }
}
