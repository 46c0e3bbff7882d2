namespace KsefPS.Core.Environments;

/// <summary>
/// Public endpoints of a KSeF environment (BRIEF §1). Portal hosts are third-party knowledge, see docs/environments.md.
/// <see cref="StatusUrl"/> is Latarnia, KSeF's status service (UPDATES.md); none is published for Demo.
/// </summary>
public sealed record KsefEnvironmentInfo(
    KsefEnvironment Environment,
    Uri ApiUrl,
    Uri QrUrl,
    Uri PortalUrl,
    bool AcceptsSelfSignedCertificates,
    Uri? StatusUrl)
{
    public static IReadOnlyList<KsefEnvironmentInfo> All { get; } =
    [
        new(KsefEnvironment.Test, new("https://api-test.ksef.mf.gov.pl"), new("https://qr-test.ksef.mf.gov.pl"), new("https://ap-test.ksef.mf.gov.pl"), true,
            new("https://api-latarnia-test.ksef.mf.gov.pl/")),
        new(KsefEnvironment.Demo, new("https://api-demo.ksef.mf.gov.pl"), new("https://qr-demo.ksef.mf.gov.pl"), new("https://ap-demo.ksef.mf.gov.pl"), false, null),
        new(KsefEnvironment.Production, new("https://api.ksef.mf.gov.pl"), new("https://qr.ksef.mf.gov.pl"), new("https://ap.ksef.mf.gov.pl"), false,
            new("https://api-latarnia.ksef.mf.gov.pl/")),
    ];

    public static KsefEnvironmentInfo For(KsefEnvironment environment) => All.Single(e => e.Environment == environment);

    /// <summary>
    /// Whether KSeF refuses a NIP whose control digit is wrong: on production only (BRIEF §7.1). Test and Demo take any NIP
    /// of KSeF's shape, and the official client's tests make theirs without one, so the module checks the digit only here.
    /// </summary>
    public bool ChecksNipControlDigits => Environment == KsefEnvironment.Production;

    /// <summary>
    /// Where to ask about an environment's KSeF: its Latarnia, unless a session talks to another API (the emulator),
    /// which is then asked on its own host. <paramref name="sessionApiUrl"/> is null without such a session.
    /// </summary>
    public static Uri? StatusUrlFor(KsefEnvironment environment, Uri? sessionApiUrl)
    {
        var known = For(environment);
        return sessionApiUrl is null || known.ApiUrl.Host == sessionApiUrl.Host ? known.StatusUrl : new Uri(sessionApiUrl, "/");
    }
}
