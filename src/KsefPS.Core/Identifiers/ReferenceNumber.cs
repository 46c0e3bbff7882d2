using System.Text.RegularExpressions;
using KsefPS.Core.Errors;
using KsefPS.Core.Security;

namespace KsefPS.Core.Identifiers;

/// <summary>
/// KSeF reference numbers (BRIEF §0): yyyyMMdd-TT-HHHHHHHHHH-HHHHHHHHHH-CC. Whether typed by a user, kept in the store
/// or sent by KSeF, one becomes a URL segment or a file name only when it has this shape. The check sum is only
/// observed, not documented, so it is not enforced.
/// </summary>
public static partial class ReferenceNumber
{
    public static bool IsValid(string? reference) => reference is not null && Shape().IsMatch(reference);

    public static string Require(string? reference)
    {
        if (IsValid(reference))
        {
            return reference!;
        }
        throw new KsefException(ErrorIds.ReferenceNumberInvalid, KsefErrorKind.InvalidArgument,
            $"'{UntrustedText.Quote(reference)}' is not a KSeF reference number (yyyyMMdd-XX-XXXXXXXXXX-XXXXXXXXXX-XX).", reference);
    }

    [GeneratedRegex("^20[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])-[0-9A-Z]{2}-[0-9A-F]{10}-[0-9A-F]{10}-[0-9A-F]{2}$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
