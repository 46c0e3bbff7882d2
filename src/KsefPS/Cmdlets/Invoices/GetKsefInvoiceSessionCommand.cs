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
    [ValidateNotNullOrEmpty]
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
        RequireOrdered(nameof(CreatedFrom), CreatedFrom, nameof(CreatedTo), CreatedTo);
        RequireOrdered(nameof(ClosedFrom), ClosedFrom, nameof(ClosedTo), ClosedTo);
        RequireOrdered(nameof(ModifiedFrom), ModifiedFrom, nameof(ModifiedTo), ModifiedTo);
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

    private static DateTimeOffset? Local(DateTime? value) => value is { } date ? Instant(date) : null;

    private void RequireOrdered(string start, DateTime? from, string end, DateTime? until)
    {
        if (from is { } first && until is { } last)
        {
            RequireOrdered($"-{start}", Instant(first), $"-{end}", Instant(last));
        }
    }
}
