using System.Globalization;
using System.Text;

namespace KsefPS.Core.Invoices.Sending;

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
