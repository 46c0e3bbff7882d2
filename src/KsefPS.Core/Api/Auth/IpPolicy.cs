using System.Net;

namespace KsefPS.Core.Api.Auth;

/// <summary>IPv4 addresses, ranges (a.b.c.d-e.f.g.h) and masks (a.b.c.d/nn) a session's tokens may be used from.</summary>
public sealed record IpPolicy(IReadOnlyList<string> Addresses, IReadOnlyList<string> Ranges, IReadOnlyList<string> Masks)
{
    public bool IsEmpty => Addresses.Count + Ranges.Count + Masks.Count == 0;

    public static IpPolicy Parse(IEnumerable<string> entries)
    {
        var addresses = new List<string>();
        var ranges = new List<string>();
        var masks = new List<string>();
        foreach (var raw in entries)
        {
            var entry = raw.Trim();
            if (entry.Contains('/') && entry.Split('/') is [var ip, var bits] && IsIpv4(ip) && int.TryParse(bits, out var n) && n is >= 0 and <= 32)
            {
                masks.Add(entry);
            }
            else if (entry.Contains('-') && entry.Split('-') is [var from, var to] && IsIpv4(from) && IsIpv4(to))
            {
                ranges.Add(entry);
            }
            else if (IsIpv4(entry))
            {
                addresses.Add(entry);
            }
            else
            {
                throw new Errors.KsefException(Errors.ErrorIds.IpPolicyInvalid, Errors.KsefErrorKind.InvalidArgument,
                    $"'{entry}' is not an IPv4 address, range (a.b.c.d-e.f.g.h) or mask (a.b.c.d/nn).", entry);
            }
        }
        if (addresses.Count > 10 || ranges.Count > 10 || masks.Count > 10)
        {
            throw new Errors.KsefException(Errors.ErrorIds.IpPolicyInvalid, Errors.KsefErrorKind.InvalidArgument,
                "KSeF accepts at most 10 addresses, 10 ranges and 10 masks in an IP policy.");
        }
        return new IpPolicy(addresses, ranges, masks);
    }

    private static bool IsIpv4(string text) =>
        IPAddress.TryParse(text, out var address) && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork
        && text.Count(c => c == '.') == 3;
}
