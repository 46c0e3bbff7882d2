using System.Management.Automation;
using System.Reflection;
using System.Runtime.Loader;

namespace KsefPS.Loader;

/// <summary>
/// Imported by the manifest as a nested module, before KsefPS.dll: PowerShell reflects over the cmdlets' parameter
/// and output types (which live in the engine) while importing the root module, so the engine must be resolvable
/// by then. The engine and its third-party dependencies load into a private context (DESIGN §3).
/// </summary>
public sealed class EngineResolver : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    private static readonly string DepsDirectory =
        Path.Combine(Path.GetDirectoryName(typeof(EngineResolver).Assembly.Location)!, "deps");

    private static int _registered;

    public void OnImport()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 0)
        {
            AssemblyLoadContext.Default.Resolving += ResolveEngine;
        }
    }

    public void OnRemove(PSModuleInfo module)
    {
        // Once loaded, the engine stays: a second import must find the very same assembly, so the handler stays too.
    }

    private static Assembly? ResolveEngine(AssemblyLoadContext context, AssemblyName name) =>
        name.Name == EngineLoadContext.EngineAssemblyName ? EngineLoadContext.Instance(DepsDirectory).LoadEngine() : null;
}
