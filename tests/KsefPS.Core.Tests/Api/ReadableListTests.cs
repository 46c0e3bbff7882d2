using KsefPS.Core.Api;
using KsefPS.Core.Invoices;

namespace KsefPS.Core.Tests.Api;

/// <summary>Lists in results, as Export-Csv writes them: their items, not the list's type name.</summary>
public sealed class ReadableListTests
{
    [Fact]
    public void As_text_a_list_is_its_items_each_as_it_reads()
    {
        ReadableList<InvoiceSubject> subjects = [new("Nip", "6696731285", "Faktor", 1), new("InternalId", "6696731285-00001", null, null), new("None", null, "Odbiorca", 2)];

        Assert.Equal("6696731285 Faktor (role 1); 6696731285-00001; None Odbiorca (role 2)", subjects.ToString());
        Assert.Equal("InvoiceRead; InvoiceWrite", ReadableList.From(["InvoiceRead", "InvoiceWrite"]).ToString());
        Assert.Equal("", ReadableList<string>.None.ToString());
        Assert.Equal("", ReadableList.From<string>(null).ToString());
    }

    [Fact]
    public void A_list_keeps_the_items_it_was_made_from_whatever_happens_to_their_source_later()
    {
        var source = new List<string> { "InvoiceRead" };
        var made = ReadableList.From(source);
        ReadableList<string> spread = [.. source];

        source.Add("InvoiceWrite");

        Assert.Equal(["InvoiceRead"], made);
        Assert.Equal(["InvoiceRead"], spread);
    }
}
