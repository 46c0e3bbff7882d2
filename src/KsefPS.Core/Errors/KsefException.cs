namespace KsefPS.Core.Errors;

/// <summary>
/// A failure with a stable ErrorId from <see cref="ErrorIds"/>. Messages never contain secrets.
/// </summary>
public sealed class KsefException : Exception
{
    public KsefException(string errorId, KsefErrorKind kind, string message, object? target = null, Exception? inner = null)
        : base(message, inner)
    {
        ErrorId = errorId;
        Kind = kind;
        Target = target;
    }

    public string ErrorId { get; }
    public KsefErrorKind Kind { get; }
    public object? Target { get; }

    /// <summary>KSeF's own answer when the failure came from the server: HTTP status, exception codes, reference number.</summary>
    public Api.KsefServerError? Server { get; init; }

    /// <summary>The next step to suggest to the user, when there is a better one than quoting KSeF's answer.</summary>
    public string? RecommendedAction { get; init; }
}
