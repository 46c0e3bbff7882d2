namespace KsefPS.Emulator.Auth;

/// <summary>A synchronous refusal of an authentication request, with KSeF's exception code.</summary>
public sealed class AuthRejection(int code, string description, params string[] details) : Exception(description)
{
    public int Code { get; } = code;
    public string[] Details { get; } = details;
}
