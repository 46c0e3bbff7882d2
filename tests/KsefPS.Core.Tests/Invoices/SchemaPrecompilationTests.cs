using KsefPS.Core.Invoices;

namespace KsefPS.Core.Tests.Invoices;

public sealed class SchemaPrecompilationTests
{
    [Fact]
    public async Task Precompiling_the_FA3_schema_happens_once_a_process_and_leaves_the_set_that_checks_use_compiled()
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
