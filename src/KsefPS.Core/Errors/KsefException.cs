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
}
