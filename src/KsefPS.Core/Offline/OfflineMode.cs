namespace KsefPS.Core.Offline;

/// <summary>Offline modes of BRIEF §9.5.</summary>
public enum OfflineMode
{
    /// <summary>The taxpayer's choice: send by the next business day after the issue date.</summary>
    Offline24,
    /// <summary>KSeF announced unavailability: send by the next business day after it ends.</summary>
    Offline,
    /// <summary>KSeF announced a failure: send within 7 business days after it ends.</summary>
    Emergency,
    /// <summary>KSeF announced a total failure: no QR codes, FA(3) not required, no obligation to send.</summary>
    TotalFailure,
}
