namespace KsefPS.Core.Offline;

/// <summary>Offline modes of BRIEF §9.5 (total failure needs no QR codes and is not a mode here).</summary>
public enum OfflineMode
{
    /// <summary>The taxpayer's choice: send by the next business day after the issue date.</summary>
    Offline24,
    /// <summary>KSeF announced unavailability: send by the next business day after it ends.</summary>
    Offline,
    /// <summary>KSeF announced a failure: send within 7 business days after it ends.</summary>
    Emergency,
}
