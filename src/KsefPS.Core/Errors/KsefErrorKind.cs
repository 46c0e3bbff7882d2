namespace KsefPS.Core.Errors;

/// <summary>Engine-side error classes; the cmdlet layer maps them to PowerShell's ErrorCategory.</summary>
public enum KsefErrorKind
{
    InvalidArgument,
    InvalidData,
    ObjectNotFound,
    ResourceExists,
    SecurityError,
    AuthenticationError,
    PermissionDenied,
    ResourceUnavailable,
    OpenError,
    WriteError,
    InvalidOperation,
    NotSpecified,
}
