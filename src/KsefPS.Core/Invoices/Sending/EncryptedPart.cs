namespace KsefPS.Core.Invoices.Sending;

/// <summary>An encrypted part of a sealed package, on disk.</summary>
public sealed record EncryptedPart(int OrdinalNumber, string FilePath, long Size, string Hash);
