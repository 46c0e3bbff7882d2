using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace KsefPS.Core.Identifiers;

/// <summary>
/// A Peppol service provider's identifier in KSeF: <c>P</c>, two capital letters (the provider's country) and six digits
/// (OpenAPI <c>PeppolId</c>, e.g. PPL123456). It is a context to log in to and a subject to authorize for PEF invoices.
/// </summary>
public static partial class PeppolId
{
    [GeneratedRegex(@"^P[A-Z]{2}[0-9]{6}$")]
    private static partial Regex Pattern();

    public static bool IsValid(string? value) => value is not null && Pattern().IsMatch(value);

    /// <summary>A random Polish one (PPL and six digits), for test certificates and test contexts.</summary>
    public static string NewRandom() => "PPL" + RandomNumberGenerator.GetInt32(1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
}
