using System.Text;
using KsefPS.Core.Errors;
using KsefPS.Core.Invoices;
using KsefPS.Core.Tests.Support;

namespace KsefPS.Core.Tests.Invoices;

/// <summary>The schema check's name table is kept per thread and bounded, and what a thread checked before changes nothing.</summary>
public sealed class ValidationNameTableTests
{
    [Fact]
    public void A_thread_keeps_its_table_for_four_MiB_of_documents_then_takes_a_new_one_and_other_threads_have_their_own()
    {
        var (first, second, afterBudget) = OnNewThread(() =>
        {
            var table = ValidationNameTable.For(3 * 1024 * 1024);
            return (table, ValidationNameTable.For(1024 * 1024), ValidationNameTable.For(1));
        });
        Assert.Same(first, second);
        Assert.NotSame(first, afterBudget);
        Assert.NotSame(first, OnNewThread(() => ValidationNameTable.For(1)));
    }

    [Fact]
    public void A_schema_check_says_the_same_after_the_thread_checked_other_invoices_with_other_names()
    {
        var template = File.ReadAllText(Repository.Spec("samples", "invoice-template-fa-3.xml")).Replace("#nip#", "5265877635").Replace("#invoice_number#", "T-1");
        var valid = Bytes(template);
        var foreign = Bytes(template.Replace("<P_15>53.63</P_15>", "<P_15>53.63</P_15><Obcy1>x</Obcy1><Obcy2 a='b'/>"));
        var wrongValue = Bytes(template.Replace("<P_15>53.63</P_15>", "<P_15>a lot</P_15>"));

        var alone = OnNewThread(() => (Refusal(foreign), Refusal(wrongValue)));
        var afterOthers = OnNewThread(() =>
        {
            InvoiceFile.Check("invoice.xml", valid);
            var first = Refusal(foreign);
            InvoiceFile.Check("invoice.xml", valid);
            return (first, Refusal(wrongValue));
        });
        Assert.Equal(alone, afterOthers);
        Assert.Contains("Obcy1", alone.Item1, StringComparison.Ordinal);
        Assert.Equal("5265877635", OnNewThread(() => { Refusal(foreign); return InvoiceFile.Check("invoice.xml", valid).SellerNip; }));
    }

    private static byte[] Bytes(string xml) => new UTF8Encoding(false).GetBytes(xml);

    private static string Refusal(byte[] xml) =>
        Assert.Throws<KsefException>(() => InvoiceFile.Check("invoice.xml", xml)) is { ErrorId: ErrorIds.InvoiceInvalid } e
            ? e.Message
            : throw new Xunit.Sdk.XunitException("expected InvoiceInvalid");

    private static T OnNewThread<T>(Func<T> body)
    {
        T result = default!;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try { result = body(); }
            catch (Exception e) { failure = e; }
        });
        thread.Start();
        thread.Join();
        return failure is null ? result : throw new InvalidOperationException("The thread failed.", failure);
    }
}
