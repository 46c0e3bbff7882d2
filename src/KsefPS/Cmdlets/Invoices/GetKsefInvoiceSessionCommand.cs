using System.Management.Automation;
using KsefPS.Core.Invoices.Sending;
using KsefPS.Infrastructure;

namespace KsefPS.Cmdlets.Invoices;

[Cmdlet(VerbsCommon.Get, "KsefInvoiceSession")]
[OutputType(typeof(SendingSession))]
public sealed class GetKsefInvoiceSessionCommand : SessionCmdlet
{
    /// <summary>Online or Batch; both when not given.</summary>
    [Parameter(Position = 0)]
    public SendingSessionType[] Type { get; set; } = [SendingSessionType.Batch, SendingSessionType.Online];

    [Parameter]
    public SendingSessionState[] Status { get; set; } = [];

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("SessionReferenceNumber")]
    [ValidatePattern("^[0-9]{8}-[A-Z]{2}-[0-9A-F]{10}-[0-9A-F]{10}-[0-9A-F]{2}$")]
    public string? ReferenceNumber { get; set; }

    [Parameter]
    public DateTime? CreatedFrom { get; set; }

    [Parameter]
    public DateTime? CreatedTo { get; set; }

    [Parameter]
    public DateTime? ClosedFrom { get; set; }

    [Parameter]
    public DateTime? ClosedTo { get; set; }

    [Parameter]
    public DateTime? ModifiedFrom { get; set; }

    [Parameter]
    public DateTime? ModifiedTo { get; set; }

    protected override void ProcessRecord()
    {
        var session = RequireSession();
        foreach (var type in Type.Distinct())
        {
            var filter = new SendingSessionFilter
            {
                Type = type,
                States = Status,
                ReferenceNumber = ReferenceNumber,
                CreatedFrom = Local(CreatedFrom),
                CreatedTo = Local(CreatedTo),
                ClosedFrom = Local(ClosedFrom),
                ClosedTo = Local(ClosedTo),
                ModifiedFrom = Local(ModifiedFrom),
                ModifiedTo = Local(ModifiedTo),
            };
            Terminating(() => Stream("Get-KsefInvoiceSession", async (emit, narrate, report, cancel) =>
            {
                var count = 0;
                await foreach (var found in SendingSessions.ListAsync(session, filter, cancel, narrate).ConfigureAwait(false))
                {
                    emit(found);
                    report($"{++count} {type} sessions", -1);
                }
            }));
        }
    }

    /// <summary>A date without a kind is the user's local time.</summary>
    private static DateTimeOffset? Local(DateTime? value) => value is { } date
        ? new DateTimeOffset(date.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(date, DateTimeKind.Local) : date)
        : null;
}
