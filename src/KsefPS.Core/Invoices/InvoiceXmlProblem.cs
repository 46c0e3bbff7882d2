namespace KsefPS.Core.Invoices;

/// <summary>Why <see cref="InvoiceXmlScanner"/> refused an invoice, and where.</summary>
internal sealed class InvoiceXmlProblem(InvoiceXmlProblem.Kind kind, string detail, int offset) : Exception(detail)
{
    public enum Kind
    {
        Malformed,
        ProcessingInstruction,
        Encoding,
        TooComplex,
        DiscouragedCharacter,
    }

    public Kind Problem { get; } = kind;
    public int Offset { get; } = offset;
}
