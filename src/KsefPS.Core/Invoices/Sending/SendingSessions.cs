using System.Globalization;
using System.Text;
using KsefPS.Core.Api;
using KsefPS.Core.Sessions;
using KsefPS.Core.Identifiers;

namespace KsefPS.Core.Invoices.Sending;

/// <summary>A kind of sending session (SessionType).</summary>
public enum SendingSessionType
{
    Online,
    Batch,
}

/// <summary>The status filter of GET /sessions (CommonSessionStatus).</summary>
public enum SendingSessionState
{
    InProgress,
    Succeeded,
    Failed,
    Cancelled,
}

/// <summary>What to list: the filters GET /sessions offers (BRIEF §7.5).</summary>
public sealed record SendingSessionFilter
{
    public SendingSessionType Type { get; init; }
    public IReadOnlyList<SendingSessionState> States { get; init; } = [];
    public string? ReferenceNumber { get; init; }
    public DateTimeOffset? CreatedFrom { get; init; }
    public DateTimeOffset? CreatedTo { get; init; }
    public DateTimeOffset? ClosedFrom { get; init; }
    public DateTimeOffset? ClosedTo { get; init; }
    public DateTimeOffset? ModifiedFrom { get; init; }
    public DateTimeOffset? ModifiedTo { get; init; }

    internal string Query(int pageSize)
    {
        var query = new StringBuilder($"sessions?sessionType={Type}&pageSize={pageSize}");
        foreach (var state in States)
        {
            query.Append("&statuses=").Append(state);
        }
        if (ReferenceNumber is not null)
        {
            query.Append("&referenceNumber=").Append(Identifiers.ReferenceNumber.Require(ReferenceNumber));
        }
        Add(query, "dateCreatedFrom", CreatedFrom);
        Add(query, "dateCreatedTo", CreatedTo);
        Add(query, "dateClosedFrom", ClosedFrom);
        Add(query, "dateClosedTo", ClosedTo);
        Add(query, "dateModifiedFrom", ModifiedFrom);
        Add(query, "dateModifiedTo", ModifiedTo);
        return query.ToString();
    }

    private static void Add(StringBuilder query, string name, DateTimeOffset? value)
    {
        if (value is { } date)
        {
            query.Append('&').Append(name).Append('=').Append(Uri.EscapeDataString(date.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)));
        }
    }
}

/// <summary>One sending session as GET /sessions lists it; its Session lets Get-KsefSessionInvoice and Get-KsefUpo follow.</summary>
public sealed class SendingSession
{
    public required string SessionReferenceNumber { get; init; }
    public required SendingSessionType Type { get; init; }
    public required int StatusCode { get; init; }
    public required string StatusDescription { get; init; }
    public DateTimeOffset? DateCreated { get; init; }
    public DateTimeOffset? DateUpdated { get; init; }
    public DateTimeOffset? ValidUntil { get; init; }
    public int? InvoiceCount { get; init; }
    public int? SuccessfulInvoiceCount { get; init; }
    public int? FailedInvoiceCount { get; init; }
    public required KsefSession Session { get; init; }

    public override string ToString() => SessionReferenceNumber;
}

/// <summary>The context's sending sessions, page by page (continuation tokens), newest first.</summary>
public static class SendingSessions
{
    public static async IAsyncEnumerable<SendingSession> ListAsync(KsefSession session, SendingSessionFilter filter,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellation, Action<string>? narrate = null)
    {
        await foreach (var item in ContinuationPages.ItemsAsync(session, filter.Query(pageSize: 100), "sessions", cancellation, narrate).ConfigureAwait(false))
        {
            var reference = RequiredValues.Text(item, "referenceNumber");
            var status = SessionStatus.From(reference, item);
            yield return new SendingSession
            {
                SessionReferenceNumber = reference,
                Type = filter.Type,
                StatusCode = status.Code,
                StatusDescription = status.Description,
                DateCreated = status.Created,
                DateUpdated = status.Updated,
                ValidUntil = status.ValidUntil,
                InvoiceCount = status.InvoiceCount,
                SuccessfulInvoiceCount = status.SuccessfulInvoiceCount,
                FailedInvoiceCount = status.FailedInvoiceCount,
                Session = session,
            };
        }
    }
}
