using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using KsefPS.Core.Errors;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace KsefPS.Core.Pkcs11;

/// <summary>
/// PKCS#11 libraries loaded into this process. A library is initialised once per process (a second C_Initialize is an
/// error) and stays loaded: PowerShell sessions are long, and unloading native code other threads may still be in is
/// not safe.
/// </summary>
internal static class Pkcs11Libraries
{
    private static readonly Pkcs11InteropFactories Factories = new();
    private static readonly ConcurrentDictionary<string, Lazy<IPkcs11Library>> Loaded = new(StringComparer.Ordinal);

    static Pkcs11Libraries()
    {
        // Pkcs11Interop asks for "libdl", a name only development packages provide on Linux; the runtime has libdl.so.2
        // (and glibc 2.34+ keeps dlopen in libc itself).
        if (OperatingSystem.IsLinux())
        {
            NativeLibrary.SetDllImportResolver(typeof(Pkcs11InteropFactories).Assembly, (name, assembly, searchPath) =>
                name == "libdl" && (NativeLibrary.TryLoad("libdl.so.2", out var handle) || NativeLibrary.TryLoad("libc.so.6", out handle)) ? handle : IntPtr.Zero);
        }
    }

    /// <summary>
    /// The library is native code KsefPS will load and run: only an absolute path, never a bare name the loader would
    /// look up in folders KsefPS does not control.
    /// </summary>
    public static string ValidPath(string path)
    {
        if (string.IsNullOrWhiteSpace(path) || !Path.IsPathFullyQualified(path) || path.Any(char.IsControl))
        {
            throw new KsefException(ErrorIds.Pkcs11LibraryInvalid, KsefErrorKind.InvalidArgument,
                $"'{Security.UntrustedText.Quote(path)}' is not a full path to a PKCS#11 library (for example /usr/lib/softhsm/libsofthsm2.so).", path);
        }
        return Path.GetFullPath(path);
    }

    public static IPkcs11Library Load(string path, string who)
    {
        path = ValidPath(path);
        if (!File.Exists(path))
        {
            throw new KsefException(ErrorIds.KeyUnreachable, KsefErrorKind.ResourceUnavailable,
                $"The key of {who} cannot be reached: the PKCS#11 library {path} is not there (uninstalled, or the path changed).", who);
        }
        var lazy = Loaded.GetOrAdd(path, p => new Lazy<IPkcs11Library>(
            () => Factories.Pkcs11LibraryFactory.LoadPkcs11Library(Factories, p, AppType.MultiThreaded), LazyThreadSafetyMode.ExecutionAndPublication));
        try
        {
            return lazy.Value;
        }
        catch (Exception e) when (e is Pkcs11Exception or UnmanagedException or LibraryArchitectureException or DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
        {
            Loaded.TryRemove(new KeyValuePair<string, Lazy<IPkcs11Library>>(path, lazy));
            throw new KsefException(ErrorIds.Pkcs11LibraryInvalid, KsefErrorKind.InvalidArgument,
                $"{path} cannot be used as a PKCS#11 library: {e.Message}", path, e);
        }
    }
}
