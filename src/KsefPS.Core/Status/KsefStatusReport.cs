using KsefPS.Core.Api;

namespace KsefPS.Core.Status;

/// <summary>
/// What Latarnia, KSeF's status service, says: AVAILABLE, MAINTENANCE, FAILURE or TOTAL_FAILURE — or Unknown when it
/// could not be asked (an unreachable Latarnia says nothing about KSeF itself). Values added later are kept as text.
/// </summary>
public sealed record KsefStatusReport(
    string Environment,
    Uri? StatusUrl,
    string Status,
    string? Reason,
    ReadableList<KsefStatusMessage> Messages,
    DateTimeOffset Checked)
{
    public const string Unknown = "Unknown";

    public bool IsAvailable => Status == "AVAILABLE";
}
