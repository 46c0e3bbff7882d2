namespace KsefPS.Emulator.Invoices;

/// <summary>Sessions by reference number.</summary>
public sealed class SessionState
{
    public System.Collections.Concurrent.ConcurrentDictionary<string, InvoiceSession> Sessions { get; } = new();
}
