namespace KsefPS.Core.Invoices;

/// <summary>
/// A party of an FA invoice besides the seller whose identifier KSeF checks on production (weryfikacja-faktury.md): the
/// NIP of the buyer (Podmiot2), of a third subject (Podmiot3) or of the authorized subject (PodmiotUpowazniony), or the
/// NIP a third subject's internal identifier (IDWew) begins with.
/// </summary>
internal sealed record InvoiceParty(string Element, string Identifier, bool InternalId)
{
    /// <summary>The NIP whose check digit KSeF checks: the identifier, or the NIP an internal identifier begins with.</summary>
    public string CheckedNip => InternalId && Identifier.Length > 10 ? Identifier[..10] : Identifier;
}
