using System.Net;
using System.Text.Json.Nodes;
using System.Xml;
using KsefPS.Emulator.Infrastructure;

namespace KsefPS.Emulator.Auth;

/// <summary>
/// The AuthorizationPolicy of an authentication (BRIEF §3.2): tokens issued from it may be used only from these IPv4
/// addresses, ranges and masks; from elsewhere KSeF answers 403 with reasonCode ip-not-allowed.
/// </summary>
public static class IpPolicy
{
    public static string[] FromXml(XmlElement request) =>
        request.GetElementsByTagName("AllowedIps").OfType<XmlElement>().SelectMany(a => a.ChildNodes.OfType<XmlElement>())
            .Select(e => e.InnerText.Trim()).ToArray();

    public static string[] FromJson(JsonObject? policy)
    {
        var allowed = policy?.GetObject("allowedIps");
        return allowed is null
            ? []
            : new[] { "ip4Addresses", "ip4Ranges", "ip4Masks" }
                .SelectMany(allowed.GetStrings).ToArray();
    }

    public static bool Allows(IReadOnlyList<string> entries, IPAddress? client)
    {
        if (entries.Count == 0)
        {
            return true;
        }
        if (client is null)
        {
            return false;
        }
        var ip = client.IsIPv4MappedToIPv6 ? client.MapToIPv4() : client;
        var value = ToNumber(ip);
        foreach (var entry in entries)
        {
            if (entry.Split('/') is [var network, var bits])
            {
                var mask = int.Parse(bits) == 0 ? 0u : uint.MaxValue << (32 - int.Parse(bits));
                if ((value & mask) == (ToNumber(IPAddress.Parse(network)) & mask))
                {
                    return true;
                }
            }
            else if (entry.Split('-') is [var from, var to])
            {
                if (value >= ToNumber(IPAddress.Parse(from)) && value <= ToNumber(IPAddress.Parse(to)))
                {
                    return true;
                }
            }
            else if (IPAddress.TryParse(entry, out var single) && single.Equals(ip))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Answers 403 ip-not-allowed when a request's token carries a policy that excludes the caller.</summary>
    public static async Task Enforce(HttpContext context, RequestDelegate next, Jwt jwt)
    {
        var claims = jwt.Validate(AuthEndpoints.Bearer(context));
        var entries = claims?["ipp"]?.AsArray().Select(n => n?.GetValue<string>() ?? "").ToList();
        if (entries is { Count: > 0 } && !Allows(entries, context.Connection.RemoteIpAddress))
        {
            var result = Errors.Forbidden(context, "The token may not be used from this address.", "ip-not-allowed");
            await result.ExecuteAsync(context);
            return;
        }
        await next(context);
    }

    private static uint ToNumber(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        return (uint)(bytes[0] << 24 | bytes[1] << 16 | bytes[2] << 8 | bytes[3]);
    }
}
