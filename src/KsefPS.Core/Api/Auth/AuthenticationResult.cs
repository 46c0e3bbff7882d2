namespace KsefPS.Core.Api.Auth;

/// <summary>Tokens from a completed authentication. Internal to the engine: tokens never reach PowerShell output.</summary>
public sealed record AuthenticationResult(
    string ReferenceNumber,
    string AccessToken,
    DateTimeOffset AccessTokenExpires,
    string RefreshToken,
    DateTimeOffset RefreshTokenExpires,
    AuthenticationMethodInfo Method,
    AuthenticationTimings Timings)
{
    public override string ToString() => $"{ReferenceNumber} ({Method})";
}
