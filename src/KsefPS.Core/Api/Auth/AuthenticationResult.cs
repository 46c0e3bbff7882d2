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

/// <summary>Where the time of one authentication went: signing, HTTP round trips, and waiting for KSeF to finish.</summary>
public sealed record AuthenticationTimings(TimeSpan Signing, TimeSpan Http, TimeSpan Waiting)
{
    public TimeSpan Total => Signing + Http + Waiting;

    /// <summary>How a list of the session shows it: where the login's time went.</summary>
    public override string ToString() =>
        $"{Ms(Total)} ms: signing {Ms(Signing)}, requests {Ms(Http)}, waiting for KSeF {Ms(Waiting)}";

    private static string Ms(TimeSpan span) => span.TotalMilliseconds.ToString("0", System.Globalization.CultureInfo.InvariantCulture);
}
