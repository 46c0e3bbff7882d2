using KsefPS.Core.Errors;
using KsefPS.Core.Identifiers;
using KsefPS.Core.Security;

namespace KsefPS.Core.Permissions;

/// <summary>
/// A person or entity a grant names: a PESEL with a valid check digit, a NIP (its check digit too where KSeF checks it,
/// on production), a certificate fingerprint (SHA-256, 64 hex), or a Peppol service provider's id.
/// </summary>
public sealed record PermissionSubject
{
    public PermissionSubject(PermissionSubjectType type, string value, bool nipControlDigit = true)
    {
        value = value.Trim();
        var valid = type switch
        {
            PermissionSubjectType.Pesel => Pesel.IsValid(value),
            PermissionSubjectType.Nip => Nip.IsKsefNip(value, nipControlDigit),
            PermissionSubjectType.PeppolId => PeppolId.IsValid(value),
            _ => value.Length == 64 && value.All(char.IsAsciiHexDigit),
        };
        if (!valid)
        {
            throw new KsefException(ErrorIds.PermissionSubjectInvalid, KsefErrorKind.InvalidArgument, type switch
            {
                PermissionSubjectType.Pesel => $"'{UntrustedText.Quote(value)}' is not a PESEL (11 digits with a valid check digit).",
                PermissionSubjectType.Nip => nipControlDigit ? $"'{UntrustedText.Quote(value)}' is not a NIP (10 digits with a valid check digit)."
                    : $"'{UntrustedText.Quote(value)}' is not a NIP (10 digits, the first three not a x00 office code).",
                PermissionSubjectType.PeppolId => $"'{UntrustedText.Quote(value)}' is not a Peppol id (P, two capital letters, six digits, e.g. PPL123456).",
                _ => $"'{UntrustedText.Quote(value)}' is not a certificate fingerprint (the SHA-256 of the certificate, 64 hexadecimal digits).",
            }, value);
        }
        Type = type;
        Value = type == PermissionSubjectType.Fingerprint ? value.ToUpperInvariant() : value;
    }

    /// <summary>The one subject among -Pesel, -Nip, -Fingerprint and -PeppolId; null when none is given, an error when several are.</summary>
    public static PermissionSubject? OneOf(string? pesel, string? nip, string? fingerprint, string? peppolId = null, bool nipControlDigit = true) =>
        (pesel, nip, fingerprint, peppolId) switch
    {
        ({ } p, null, null, null) => new PermissionSubject(PermissionSubjectType.Pesel, p),
        (null, { } n, null, null) => new PermissionSubject(PermissionSubjectType.Nip, n, nipControlDigit),
        (null, null, { } f, null) => new PermissionSubject(PermissionSubjectType.Fingerprint, f),
        (null, null, null, { } id) => new PermissionSubject(PermissionSubjectType.PeppolId, id),
        (null, null, null, null) => null,
        _ => throw new KsefException(ErrorIds.PermissionSubjectInvalid, KsefErrorKind.InvalidArgument, "Give one of -Pesel, -Nip, -Fingerprint or -PeppolId."),
    };

    /// <summary>A PESEL (11 digits), NIP (10 digits), Peppol id (9 characters) or fingerprint (64 hex digits), told apart by their shape.</summary>
    public static PermissionSubject Guess(string value) => value.Trim().Length switch
    {
        11 => new PermissionSubject(PermissionSubjectType.Pesel, value),
        10 => new PermissionSubject(PermissionSubjectType.Nip, value),
        9 => new PermissionSubject(PermissionSubjectType.PeppolId, value),
        _ => new PermissionSubject(PermissionSubjectType.Fingerprint, value),
    };

    public PermissionSubjectType Type { get; }

    public string Value { get; }

    public override string ToString() => $"{Type}:{Value}";
}
