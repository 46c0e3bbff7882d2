namespace KsefPS.Core.Invoices.Sending;

/// <summary>A batch session KsefPS opened: its reference, what it carries, and where its parts go.</summary>
public sealed record BatchSession(string ReferenceNumber, FormCode Form, bool OfflineMode, SealedPackage Package, IReadOnlyList<PartUpload> Uploads);
