using KsefPS.Core.Errors;
using KsefPS.Core.Security;

namespace KsefPS.Core.Identifiers;

/// <summary>
/// A KSeF certificate's serial number as the OpenAPI document has it (<c>^[0-9A-F]{16}$</c>): typed in either case and
/// with stray spaces, it goes into a query or a URL only in that shape.
/// </summary>
public static class KsefCertificateSerial
{
    public static string Require(string? serial)
    {
        var upper = serial?.Trim().ToUpperInvariant();
        if (upper is { Length: 16 } && upper.All(char.IsAsciiHexDigit))
        {
            return upper;
        }
        throw new KsefException(ErrorIds.SerialNumberInvalid, KsefErrorKind.InvalidArgument,
            $"'{UntrustedText.Quote(serial)}' is not a KSeF certificate serial number (16 hexadecimal digits, as Get-KsefIssuedCertificate shows them).", serial);
    }
}
