using KsefPS.Core.Offline;

namespace KsefPS.Core.Tests.Offline;

public sealed class ProtectorPrecompilationTests
{
    [Fact]
    public async Task Every_method_on_the_per_invoice_path_compiles_ahead_of_its_first_call()
    {
        // A method the runtime could not prepare (an open generic, an abstract one) would fault the task.
        await ProtectorPrecompilation.Start(images: true);
        await ProtectorPrecompilation.Start(images: false);
    }

    [Fact]
    public void The_code_is_compiled_once_a_process_however_many_runs_start()
    {
        Assert.Same(ProtectorPrecompilation.Start(images: false), ProtectorPrecompilation.Start(images: false));
    }
}
