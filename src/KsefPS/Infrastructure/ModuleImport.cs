using System.Management.Automation;
using KsefPS.Core.Store;

namespace KsefPS.Infrastructure;

/// <summary>Run by PowerShell when it imports the module: starts the store's rehearsal (see <see cref="StoreRehearsal"/>).</summary>
public sealed class ModuleImport : IModuleAssemblyInitializer
{
    public void OnImport() => StoreRehearsal.Start();
}
