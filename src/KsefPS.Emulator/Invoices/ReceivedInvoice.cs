namespace KsefPS.Emulator.Invoices;

/// <summary>What arrived for one invoice: the decrypted bytes (null when they did not decrypt) and how it was declared.</summary>
public sealed record ReceivedInvoice(byte[]? Plain, string Hash, bool OfflineMode, string? HashOfCorrected, string? FileName);
