namespace KsefPS.Core.Invoices;

/// <summary>What one export package held and where the next one starts.</summary>
public sealed record ExportResult(int Downloaded, int AlreadyPresent, bool IsTruncated, DateTimeOffset? LastPermanentStorageDate, DateTimeOffset? HighWaterMark);
