using KsefPS.Core.Invoices;

namespace KsefPS.Core.Tests.Invoices;

public sealed class SchemaPrecompilationTests
{
    [Fact]
    public async Task The_FA3_schema_is_compiled_once_a_process_off_the_callers_thread_and_is_the_set_checks_use()
    {
        var started = SchemaPrecompilation.Start();
        Assert.Same(started, SchemaPrecompilation.Start());
        await started;
        Assert.True(started.IsCompletedSuccessfully);
        var fa3 = FormCode.Known.Single(form => form.SystemCode == "FA (3)").SchemaResource!;
        var set = InvoiceSchemaSet.For(fa3);
        Assert.True(set.IsCompiled);
        Assert.Same(set, InvoiceSchemaSet.For(fa3));
    }
}
