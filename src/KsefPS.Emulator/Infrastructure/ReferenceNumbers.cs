using System.Security.Cryptography;

namespace KsefPS.Emulator.Infrastructure;

/// <summary>yyyyMMdd-TT-HHHHHHHHHH-HHHHHHHHHH-CC with the CRC-8 of the first 33 characters (BRIEF §0).</summary>
public static class ReferenceNumbers
{
    public static string New(string type)
    {
        var hex = Convert.ToHexString(RandomNumberGenerator.GetBytes(10));
        var body = $"{DateTime.UtcNow:yyyyMMdd}-{type}-{hex[..10]}-{hex[10..]}";
        return $"{body}-{Crc8.Compute(body):X2}";
    }
}
