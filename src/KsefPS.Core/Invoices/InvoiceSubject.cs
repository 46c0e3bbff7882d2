using System.Text.Json.Nodes;
using KsefPS.Core.Api;

namespace KsefPS.Core.Invoices;

/// <summary>
/// A subject an invoice names beside its seller and buyer, as KSeF's metadata gives it: a third subject (Podmiot3; role 0
/// other, 1 factor, 2 recipient, 3 original subject, 4 additional buyer, 5 issuer, 6 payer, …) or the authorized subject
/// (PodmiotUpowazniony; role 1 enforcement authority, 2 bailiff, 3 tax representative).
/// </summary>
/// <param name="IdentifierType">Nip, InternalId, VatUe, Other or None, or a kind a newer KSeF adds.</param>
public sealed record InvoiceSubject(string IdentifierType, string? Identifier, string? Name, int? Role)
{
    internal static InvoiceSubject? ThirdFrom(JsonNode? item) =>
        AnswerValues.Text(AnswerValues.At(item, "identifier", "type")) is { } type
            ? new(type, AnswerValues.Text(AnswerValues.At(item, "identifier", "value")), AnswerValues.Text(AnswerValues.At(item, "name")),
                AnswerValues.Number(AnswerValues.At(item, "role")))
            : null;

    internal static InvoiceSubject? AuthorizedFrom(JsonNode? item) =>
        AnswerValues.Text(AnswerValues.At(item, "nip")) is { } nip
            ? new("Nip", nip, AnswerValues.Text(AnswerValues.At(item, "name")), AnswerValues.Number(AnswerValues.At(item, "role")))
            : null;

    /// <summary>As a list of properties shows it: "6696731285 Faktor Sp. z o.o. (role 1)".</summary>
    public override string ToString() =>
        string.Join(' ', new[] { Identifier ?? IdentifierType, Name, Role is { } role ? FormattableString.Invariant($"(role {role})") : null }.OfType<string>());
}
