using KsefPS.Emulator.Infrastructure;
using KsefPS.Emulator.Security;

namespace KsefPS.Emulator.Invoices;

/// <summary>Refusals the invoice endpoints share.</summary>
public static class InvoiceRefusals
{
    /// <summary>21470 when the client encrypted its key for a public key that is not (any longer) the current one.</summary>
    public static IResult? RefuseUnknownKey(HttpContext http, MfCertificates mf, string? publicKeyId) =>
        mf.IsCurrentSymmetricKey(publicKeyId) ? null
            : Errors.BadRequest(http, 21470, "Nieprawidłowy identyfikator klucza publicznego.", $"Unknown publicKeyId '{publicKeyId}'.");

    /// <summary>21183 when a query restricted to the high-water mark starts after it.</summary>
    internal static IResult? RefuseBeyondHighWaterMark(HttpContext http, QueryFilter filter, DateTimeOffset hwm) =>
        filter.RestrictToHwm && filter.From > hwm
            ? Errors.BadRequest(http, 21183, "Początek zakresu dat jest późniejszy niż data HWM.", $"from {filter.From:O} is after the HWM {hwm:O}.")
            : null;
}
