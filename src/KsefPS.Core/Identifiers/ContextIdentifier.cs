using System.Text.RegularExpressions;
using KsefPS.Core.Errors;

namespace KsefPS.Core.Identifiers;

/// <summary>The context a session acts in (BRIEF §3.2): a NIP, an internal id, a NIP+EU VAT pair, or a Peppol id.</summary>
public sealed partial record ContextIdentifier(ContextIdentifierType Type, string Value)
{
    // Generated at build time: a command's first use in a fresh process then parses no pattern.
    [GeneratedRegex(@"^[1-9]((\d[1-9])|([1-9]\d))\d{7}-\d{5}$")]
    private static partial Regex InternalIdPattern();

    [GeneratedRegex(@"^[1-9]((\d[1-9])|([1-9]\d))\d{7}-[A-Z]{2}[0-9A-Z+*]{2,12}$")]
    private static partial Regex NipVatUePattern();

    public override string ToString() => $"{Type}:{Value}";

    /// <summary>
    /// The one context among optional parameters (-Nip, -InternalId…): null when none is given, an error when several are.
    /// A NIP's control digit is checked when <paramref name="nipControlDigit"/> says so (production).
    /// </summary>
    public static ContextIdentifier? FromAtMostOne(bool nipControlDigit, params (ContextIdentifierType Type, string? Value)[] candidates)
    {
        var chosen = -1;
        for (var i = 0; i < candidates.Length; i++)
        {
            if (candidates[i].Value is null)
            {
                continue;
            }
            if (chosen >= 0)
            {
                throw new KsefException(ErrorIds.ContextInvalid, KsefErrorKind.InvalidArgument,
                    $"Give one context, not {string.Join(" and ", candidates.Where(c => c.Value is not null).Select(c => "-" + c.Type))}.");
            }
            chosen = i;
        }
        return chosen < 0 ? null : Create(candidates[chosen].Type, candidates[chosen].Value!, nipControlDigit);
    }

    public static ContextIdentifier Create(ContextIdentifierType type, string value, bool nipControlDigit = true)
    {
        if (type == ContextIdentifierType.Nip)
        {
            return new ContextIdentifier(type, Nip.Require(value, nipControlDigit));
        }
        var valid = type switch
        {
            ContextIdentifierType.InternalId => InternalIdPattern().IsMatch(value) && InternalIdChecksumValid(value),
            ContextIdentifierType.NipVatUe => NipVatUePattern().IsMatch(value) && Nip.IsKsefNip(value[..10], nipControlDigit),
            _ => PeppolId.IsValid(value),
        };
        if (!valid)
        {
            throw new KsefException(ErrorIds.ContextInvalid, KsefErrorKind.InvalidArgument,
                $"'{value}' is not a valid {type} context identifier.", value);
        }
        return new ContextIdentifier(type, value);
    }

    /// <summary>InternalId: the 15 digits without the hyphen, weights 1,3,1,3… on the first 14, sum mod 10 = the last (BRIEF §11.7).</summary>
    public static bool InternalIdChecksumValid(string value)
    {
        var digits = value.Replace("-", "", StringComparison.Ordinal);
        return digits.Length == 15 && digits.All(char.IsAsciiDigit) && CheckDigit(digits[..14]) == digits[14] - '0';
    }

    /// <summary>The internal identifier of subunit <paramref name="number"/> (0–9999) of <paramref name="nip"/>: NIP-4 digits and the check digit.</summary>
    public static string InternalIdOf(string nip, int number)
    {
        var stem = $"{Nip.Require(nip, controlDigit: false)}-{number:D4}"; // the session's own context NIP, which KSeF took
        return stem + CheckDigit(stem.Replace("-", "", StringComparison.Ordinal));
    }

    private static int CheckDigit(string fourteenDigits) =>
        fourteenDigits.Select((c, i) => (c - '0') * (i % 2 == 0 ? 1 : 3)).Sum() % 10;
}
