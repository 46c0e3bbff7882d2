namespace KsefPS.Emulator.Auth;

public sealed record Challenge(string Value, DateTimeOffset Issued, string ClientIp)
{
    public bool Used { get; set; }
}
