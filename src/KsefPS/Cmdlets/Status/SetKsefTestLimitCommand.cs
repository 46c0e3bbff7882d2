using System.Management.Automation;
using KsefPS.Core.Status;
using KsefPS.Infrastructure;

namespace KsefPS.Cmdlets.Status;

/// <summary>
/// KSeF TEST only: changes the limits of the session's context for a test — request rates per group (as production's,
/// or lowered to see pacing at work) and session sizes — or puts them back. Refused (TestOnly) on Demo and Production.
/// </summary>
[Cmdlet(VerbsCommon.Set, "KsefTestLimit", SupportsShouldProcess = true, DefaultParameterSetName = Rates)]
[OutputType(typeof(void))]
public sealed class SetKsefTestLimitCommand : SessionCmdlet
{
    private const string Rates = "RateLimits";
    private const string ProductionSet = "ProductionRateLimits";
    private const string Sessions = "SessionLimits";
    private const string Certificates = "CertificateLimits";
    private const string ResetSet = "Reset";

    /// <summary>Rate-limit groups to change (e.g. invoiceSend); every group when left out.</summary>
    [Parameter(ParameterSetName = Rates)]
    [ValidateNotNullOrEmpty]
    public string[] Group { get; set; } = [];

    [Parameter(Mandatory = true, ParameterSetName = Rates)]
    [ValidateRange(1, int.MaxValue)]
    public int PerSecond { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = Rates)]
    [ValidateRange(1, int.MaxValue)]
    public int PerMinute { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = Rates)]
    [ValidateRange(1, int.MaxValue)]
    public int PerHour { get; set; }

    /// <summary>Production's rate limits in the TEST context (TEST's own are higher).</summary>
    [Parameter(Mandatory = true, ParameterSetName = ProductionSet)]
    public SwitchParameter ProductionRateLimits { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = Sessions)]
    public TestSessionType SessionType { get; set; }

    [Parameter(ParameterSetName = Sessions)]
    [ValidateRange(0, 100_000)]
    public int? MaxInvoices { get; set; }

    [Parameter(ParameterSetName = Sessions)]
    [ValidateRange(0, 5)]
    public int? MaxInvoiceSizeMB { get; set; }

    [Parameter(ParameterSetName = Sessions)]
    [ValidateRange(0, 10)]
    public int? MaxInvoiceWithAttachmentSizeMB { get; set; }

    /// <summary>How many enrollments the session's subject may make (its own limit, not the context's).</summary>
    [Parameter(ParameterSetName = Certificates)]
    [ValidateRange(0, int.MaxValue)]
    public int? MaxEnrollments { get; set; }

    /// <summary>How many active KSeF certificates the session's subject may hold.</summary>
    [Parameter(ParameterSetName = Certificates)]
    [ValidateRange(0, int.MaxValue)]
    public int? MaxCertificates { get; set; }

    /// <summary>The context's rate limits and session limits, and the subject's certificate limits, back to their defaults.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ResetSet)]
    public SwitchParameter Reset { get; set; }

    protected override void EndProcessing()
    {
        var session = RequireSession();
        var (what, work) = ParameterSetName switch
        {
            Rates => ($"Rate limits of {(Group.Length == 0 ? "every group" : string.Join(", ", Group))}: {PerSecond}/s, {PerMinute}/min, {PerHour}/h (KSeF TEST)",
                (Func<CancellationToken, Task>)(cancel => KsefTestLimits.SetRateLimitsAsync(session, Group, PerSecond, PerMinute, PerHour, cancel))),
            ProductionSet => ("Production's rate limits (KSeF TEST)", cancel => KsefTestLimits.UseProductionRateLimitsAsync(session, cancel)),
            Sessions => ($"{SessionType} session limits (KSeF TEST)", cancel => KsefTestLimits.SetSessionLimitsAsync(session, SessionType == TestSessionType.Batch,
                MaxInvoices, MaxInvoiceSizeMB, MaxInvoiceWithAttachmentSizeMB, cancel)),
            Certificates => ($"Certificate limits of {session.Subject}: {MaxEnrollments?.ToString() ?? "unchanged"} enrollments, {MaxCertificates?.ToString() ?? "unchanged"} active certificates (KSeF TEST)",
                cancel => KsefTestLimits.SetCertificateLimitsAsync(session, MaxEnrollments, MaxCertificates, cancel)),
            _ => ("Default rate, session and certificate limits (KSeF TEST)", cancel => KsefTestLimits.ResetAsync(session, cancel)),
        };
        if (ShouldProcess(session.Context.ToString(), what))
        {
            Terminating(() => RunAsync(async (_, cancel) =>
            {
                await work(cancel).ConfigureAwait(false);
                return 0;
            }));
        }
    }
}
