namespace KsefPS.Core.Errors;

/// <summary>The ErrorId catalogue; every id here is documented in docs/errors.md.</summary>
public static class ErrorIds
{
    // store
    public const string StoreLocked = "StoreLocked";
    public const string StorePassphraseInvalid = "StorePassphraseInvalid";
    public const string StoreKeyMissing = "StoreKeyMissing";
    public const string StoreKeyMismatch = "StoreKeyMismatch";
    public const string StoreCorrupt = "StoreCorrupt";
    public const string StoreSchemaTooNew = "StoreSchemaTooNew";
    public const string StoreUnavailable = "StoreUnavailable";
    public const string StoreInsecure = "StoreInsecure";
    public const string SealedSecretInvalid = "SealedSecretInvalid";

    // certificates
    public const string CertificateNotFound = "CertificateNotFound";
    public const string CertificateAlreadyStored = "CertificateAlreadyStored";
    public const string CertificateNameTaken = "CertificateNameTaken";
    public const string CertificateFileNotFound = "CertificateFileNotFound";
    public const string CertificatePathIsDirectory = "CertificatePathIsDirectory";
    public const string CertificateFormatUnknown = "CertificateFormatUnknown";
    public const string CertificatePasswordInvalid = "CertificatePasswordInvalid";
    public const string CertificatePasswordRequired = "CertificatePasswordRequired";
    public const string CertificateKeyMissing = "CertificateKeyMissing";
    public const string KeyNotExportable = "KeyNotExportable";
    public const string KeyUnreachable = "KeyUnreachable";
    public const string ThumbprintInvalid = "ThumbprintInvalid";
    public const string Pkcs11LibraryInvalid = "Pkcs11LibraryInvalid";
    public const string Pkcs11ReferenceInvalid = "Pkcs11ReferenceInvalid";
    public const string PinRequired = "PinRequired";
    public const string PinInvalid = "PinInvalid";
    public const string CertificateKeyMismatch = "CertificateKeyMismatch";
    public const string CertificateKeyUnsupported = "CertificateKeyUnsupported";
    public const string CertificateSelfSignedRefused = "CertificateSelfSignedRefused";
    public const string ExportTargetExists = "ExportTargetExists";
    public const string OutputDirectoryNotFound = "OutputDirectoryNotFound";
    public const string OutputWriteFailed = "OutputWriteFailed";
    public const string UrlInvalid = "UrlInvalid";
    public const string ExportPasswordRequired = "ExportPasswordRequired";
    public const string ExportConfirmationRequired = "ExportConfirmationRequired";
    public const string ValidityInvalid = "ValidityInvalid";

    // connecting
    public const string ContextInvalid = "ContextInvalid";
    public const string IpPolicyInvalid = "IpPolicyInvalid";
    public const string CertificateUsageWrong = "CertificateUsageWrong";
    public const string CertificateEnvironmentWrong = "CertificateEnvironmentWrong";
    public const string EnvironmentRequired = "EnvironmentRequired";
    public const string ParameterConflict = "ParameterConflict";
    public const string NoSession = "NoSession";
    public const string SessionClosed = "SessionClosed";
    public const string TokenNotFound = "TokenNotFound";
    public const string TokenNameTaken = "TokenNameTaken";
    public const string TokenActivationFailed = "TokenActivationFailed";

    // permissions
    public const string PermissionSubjectInvalid = "PermissionSubjectInvalid";
    public const string PermissionGrantInvalid = "PermissionGrantInvalid";
    public const string PermissionIdInvalid = "PermissionIdInvalid";
    public const string PermissionOperationFailed = "PermissionOperationFailed";
    public const string PermissionOperationTimeout = "PermissionOperationTimeout";
    public const string TestOnly = "TestOnly";
    public const string StatusExpired = "StatusExpired";

    // enrollment
    public const string CertificateLimitReached = "CertificateLimitReached";
    public const string EnrollmentNotAllowed = "EnrollmentNotAllowed";
    public const string EnrollmentRejected = "EnrollmentRejected";
    public const string EnrollmentNotFound = "EnrollmentNotFound";
    public const string EnrollmentTimeout = "EnrollmentTimeout";
    public const string CsrSubjectMismatch = "CsrSubjectMismatch";
    public const string CertificateRevocationFailed = "CertificateRevocationFailed";
    public const string SerialNumberInvalid = "SerialNumberInvalid";

    // offline invoices
    public const string InvoiceUnreadable = "InvoiceUnreadable";
    public const string OfflineCertificateRequired = "OfflineCertificateRequired";
    public const string LinkInvalid = "LinkInvalid";
    public const string OfflineInvoiceNotFound = "OfflineInvoiceNotFound";
    public const string OfflineInvoiceNotSent = "OfflineInvoiceNotSent";

    // sending and fetching invoices
    public const string InvoiceInvalid = "InvoiceInvalid";
    public const string InvoiceRejected = "InvoiceRejected";
    public const string InvoiceDuplicate = "InvoiceDuplicate";
    public const string InvoiceNotFound = "InvoiceNotFound";
    public const string InvoiceHashMismatch = "InvoiceHashMismatch";
    public const string InvoiceWaitTimeout = "InvoiceWaitTimeout";
    public const string UpoNotAvailable = "UpoNotAvailable";
    public const string OfflineDeadlinePassed = "OfflineDeadlinePassed";
    public const string KsefStatusUnknown = "KsefStatusUnknown";
    public const string InvoiceQueuedOffline = "InvoiceQueuedOffline";
    public const string SyncInProgress = "SyncInProgress";
    public const string QueryWindowFull = "QueryWindowFull";
    public const string AttachmentRequiresBatch = "AttachmentRequiresBatch";
    public const string InvoiceFormNotAccepted = "InvoiceFormNotAccepted";
    public const string BatchUploadFailed = "BatchUploadFailed";
    public const string BatchSessionFailed = "BatchSessionFailed";
    public const string TechnicalCorrectionUnavailable = "TechnicalCorrectionUnavailable";
    public const string TechnicalCorrectionNotAllowed = "TechnicalCorrectionNotAllowed";
    public const string ReferenceNumberInvalid = "ReferenceNumberInvalid";
    public const string KsefNumberInvalid = "KsefNumberInvalid";
    public const string FileNameUnsafe = "FileNameUnsafe";

    // KSeF answers
    public const string KsefRequestRejected = "KsefRequestRejected";
    public const string KsefAnswerInvalid = "KsefAnswerInvalid";
    public const string KsefUnauthorized = "KsefUnauthorized";
    public const string KsefForbidden = "KsefForbidden";
    public const string KsefRateLimited = "KsefRateLimited";
    public const string KsefUnavailable = "KsefUnavailable";
    public const string ChallengeInvalid = "ChallengeInvalid";
    public const string AuthenticationRejected = "AuthenticationRejected";
    public const string SignatureInvalid = "SignatureInvalid";
    public const string NoPermissionsInContext = "NoPermissionsInContext";
    public const string AuthenticationRevoked = "AuthenticationRevoked";
    public const string KsefTokenInvalid = "KsefTokenInvalid";
    public const string CertificateRejected = "CertificateRejected";
    public const string AuthenticationBlocked = "AuthenticationBlocked";
    public const string AuthenticationFailed = "AuthenticationFailed";
    public const string AuthenticationTimeout = "AuthenticationTimeout";

    // identifiers
    public const string NipInvalid = "NipInvalid";
    public const string PeselInvalid = "PeselInvalid";
    public const string NameInvalid = "NameInvalid";

    // parameters
    public const string DurationGivenTwice = "DurationGivenTwice";
    public const string DurationOutOfRange = "DurationOutOfRange";
    public const string PathNotFileSystem = "PathNotFileSystem";
    public const string RangeInvalid = "RangeInvalid";
}
