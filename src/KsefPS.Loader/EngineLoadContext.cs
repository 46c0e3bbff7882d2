using System.Reflection;
using System.Runtime.Loader;

namespace KsefPS.Loader;

/// <summary>The private load context of the engine: managed and native dependencies resolved from deps/ via its deps.json.</summary>
internal sealed class EngineLoadContext : AssemblyLoadContext
{
    public const string EngineAssemblyName = "KsefPS.Core";

    private static readonly object Gate = new();
    private static EngineLoadContext? _instance;

    private readonly AssemblyDependencyResolver _resolver;

    private EngineLoadContext(string depsDirectory) : base("KsefPS.Engine", isCollectible: false)
    {
        _resolver = new AssemblyDependencyResolver(Path.Combine(depsDirectory, EngineAssemblyName + ".dll"));
    }

    public static EngineLoadContext Instance(string depsDirectory)
    {
        lock (Gate)
        {
            return _instance ??= new EngineLoadContext(depsDirectory);
        }
    }

    public Assembly LoadEngine() => LoadFromAssemblyName(new AssemblyName(EngineAssemblyName));

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        // Framework assemblies are not in deps.json: returning null shares pwsh's own copies.
        var path = _resolver.ResolveAssemblyToPath(assemblyName);
        return path is null ? null : LoadFromAssemblyPath(path);
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        var path = _resolver.ResolveUnmanagedDllToPath(unmanagedDllName);
        return path is null ? IntPtr.Zero : LoadUnmanagedDllFromPath(path);
    }
}
