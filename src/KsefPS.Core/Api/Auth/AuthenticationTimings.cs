namespace KsefPS.Core.Api.Auth;

/// <summary>Where the time of one authentication went: signing, HTTP round trips, and waiting for KSeF to finish.</summary>
public sealed record AuthenticationTimings(TimeSpan Signing, TimeSpan Http, TimeSpan Waiting)
{
    public TimeSpan Total => Signing + Http + Waiting;

    /// <summary>How a list of the session shows it: where the login's time went.</summary>
    public override string ToString() =>
        $"{Ms(Total)} ms: signing {Ms(Signing)}, requests {Ms(Http)}, waiting for KSeF {Ms(Waiting)}";

    private static string Ms(TimeSpan span) => span.TotalMilliseconds.ToString("0", System.Globalization.CultureInfo.InvariantCulture);
}
