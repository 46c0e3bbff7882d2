namespace KsefPS.Emulator;

/// <summary>Behaviour knobs, from the command line (e.g. --Emulator:AccessTokenLifetime=00:00:05) or a test.</summary>
public sealed class EmulatorOptions
{
    public TimeSpan ChallengeLifetime { get; set; } = TimeSpan.FromMinutes(10);
    public TimeSpan AuthProcessingDelay { get; set; } = TimeSpan.FromMilliseconds(300);
    public TimeSpan OperationTokenLifetime { get; set; } = TimeSpan.FromMinutes(45);
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(7);
    public bool RateLimits { get; set; } = true;

    /// <summary>
    /// Whether auth statuses still carry the deprecated authenticationMethod (OpenAPI 2.6.0 requires it; UPDATES.md:
    /// deprecated for removal on 2026-11-16). Off, answers carry only authenticationMethodInfo, as KSeF after the removal.
    /// </summary>
    public bool DeprecatedAuthenticationMethod { get; set; } = true;
    public TimeSpan EnrollmentProcessingDelay { get; set; } = TimeSpan.FromMilliseconds(300);

    /// <summary>How long a new KSeF token stays Pending (POST /tokens is 202: activation and its permissions come later).</summary>
    public TimeSpan TokenActivationDelay { get; set; } = TimeSpan.FromMilliseconds(300);

    /// <summary>How long an accepted invoice stays "processing" (150) before its KSeF number shows.</summary>
    public TimeSpan InvoiceProcessingDelay { get; set; } = TimeSpan.FromMilliseconds(300);

    public int MaxInvoicesPerSession { get; set; } = 10_000;
    public int MaxInvoiceSize { get; set; } = 1_000_000;
    public int MaxInvoiceWithAttachmentSize { get; set; } = 3_000_000;

    /// <summary>Time to upload a batch session's parts, per declared part (docs sesja-wsadowa.md: 20 minutes each).</summary>
    public TimeSpan BatchUploadWindowPerPart { get; set; } = TimeSpan.FromMinutes(20);
    public int MaxBatchParts { get; set; } = 50;
    /// <summary>Largest part before encryption (100 MB); the encrypted part may be up to 16 bytes longer.</summary>
    public long MaxBatchPartSize { get; set; } = 100_000_000;
    public long MaxBatchPackageSize { get; set; } = 5_000_000_000;

    /// <summary>Records one metadata filter set reaches before isTruncated (BRIEF §8.2).</summary>
    public int QueryRecordLimit { get; set; } = 10_000;

    /// <summary>How long an export stays at status 100 before its package is ready.</summary>
    public TimeSpan ExportProcessingDelay { get; set; } = TimeSpan.FromMilliseconds(300);

    /// <summary>Bytes of the (unencrypted) package per part; KSeF uses up to 50 MB, tests make it small to get many parts.</summary>
    public int ExportPartSize { get; set; } = 50_000_000;

    /// <summary>The QR host whose links the emulator verifies (the signed part of KOD II starts with it).</summary>
    public string QrHost { get; set; } = "qr-test.ksef.mf.gov.pl";

    /// <summary>When set, every received signed AuthTokenRequest is saved into this folder.</summary>
    public string? SaveAuthRequestsTo { get; set; }

    /// <summary>How long a grant or revocation stays at status 100 before it takes effect (GET /permissions/operations/{ref}).</summary>
    public TimeSpan PermissionOperationDelay { get; set; } = TimeSpan.FromMilliseconds(300);

    /// <summary>After these, polling a status answers 410 Gone (UPDATES.md, 2.4.0): authentication 7 days, exports 7 days, enrollments 30 days.</summary>
    public TimeSpan AuthStatusRetention { get; set; } = TimeSpan.FromDays(7);

    public TimeSpan ExportStatusRetention { get; set; } = TimeSpan.FromDays(7);

    public TimeSpan EnrollmentStatusRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>After this, the status of a permission operation is 410 Gone (UPDATES.md, 2.4.0: 30 days).</summary>
    public TimeSpan PermissionOperationRetention { get; set; } = TimeSpan.FromDays(30);
}
