namespace KsefPS.Core.Invoices;

/// <summary>
/// Compiles the FA (3) schema, the form KSeF takes everywhere now, once a process and off the caller's thread, so that a
/// command can start it while it does other work: otherwise the first invoice checked against it waits for that (some
/// 50 ms in a fresh process), and the other threads checking invoices wait for the first.
/// </summary>
public static class SchemaPrecompilation
{
    private static readonly Lazy<Task> Compiling = new(() => Task.Run(() =>
        InvoiceSchemaSet.For(FormCode.Known.Single(form => form.SystemCode == "FA (3)").SchemaResource!)));

    /// <summary>Starts compiling, once a process; nothing needs to wait for the task (a check waits for the schema itself).</summary>
    public static Task Start() => Compiling.Value;
}
