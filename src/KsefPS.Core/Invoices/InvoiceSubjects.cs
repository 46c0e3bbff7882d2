using System.Collections.ObjectModel;

namespace KsefPS.Core.Invoices;

/// <summary>
/// An invoice's third subjects. As text they are the subjects themselves ("6696731285 Faktor (role 1); …"), so that
/// Export-Csv writes them and not the list's type name, as it would for any other list.
/// </summary>
public sealed class InvoiceSubjects(IList<InvoiceSubject> subjects) : ReadOnlyCollection<InvoiceSubject>(subjects)
{
    public static InvoiceSubjects None { get; } = new([]);

    public override string ToString() => string.Join("; ", this);
}
