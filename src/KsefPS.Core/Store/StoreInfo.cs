namespace KsefPS.Core.Store;

/// <summary>What Get-KsefStore shows: where the store is, how its key is protected, and what it holds.</summary>
public sealed record StoreInfo(
    string Path,
    StoreProtection Protection,
    string KeyProtection,
    bool Locked,
    DateTimeOffset? UnlockedUntil,
    int SchemaVersion,
    int CertificateCount,
    int AuthenticationCertificates,
    int OfflineCertificates,
    int Tokens,
    int PendingEnrollments,
    int OfflineInvoicesToSend,
    long SizeBytes);
