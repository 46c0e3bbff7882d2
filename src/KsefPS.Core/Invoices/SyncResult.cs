namespace KsefPS.Core.Invoices;

/// <summary>What one Sync-KsefInvoice run did.</summary>
public sealed record SyncResult(SubjectType SubjectType, string OutputDirectory, int Downloaded, int AlreadyPresent, DateTimeOffset From, DateTimeOffset HighWaterMark);
