namespace KsefPS.Core.Invoices.Sending;

/// <summary>KSeF's limits on batch packages (BRIEF §7.7) and how this client works within them.</summary>
public sealed record SendOptions
{
    public SendMode Mode { get; init; } = SendMode.Auto;
    public PackageCompression Compression { get; init; } = PackageCompression.TarGz;

    /// <summary>
    /// In Auto mode, runs of at most this many invoices go online: each gets its KSeF number as soon as it is processed,
    /// and a handful of sends stays far below the online limits (30 a minute, 180 an hour). Anything more goes in batch,
    /// as KSeF asks (a batch session costs about as many rate-limited requests as two online invoices).
    /// </summary>
    public int AutoOnlineLimit { get; init; } = 5;

    /// <summary>Largest part before encryption: 100 MB in KSeF; lowered by tests.</summary>
    public long PartSize { get; init; } = 100_000_000;
    public int MaxParts { get; init; } = 50;
    public long MaxPackageSize { get; init; } = 5_000_000_000;
    public int MaxInvoicesPerSession { get; init; } = 10_000;

    /// <summary>Parts uploaded at once.</summary>
    public int ThrottleLimit { get; init; } = 4;

    public TimeSpan WaitTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The plain package a session may carry: within 5 GB and within the parts allowed.</summary>
    public long MaxPlainPackageSize => Math.Min(MaxPackageSize, PartSize * MaxParts);
}
