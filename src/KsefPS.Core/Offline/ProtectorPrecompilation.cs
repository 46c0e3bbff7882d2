using System.Reflection;
using System.Runtime.CompilerServices;
using KsefPS.Core.Identifiers;
using KsefPS.Core.Invoices;
using KsefPS.Core.Offline.Qr;
using KsefPS.Core.Security;
using KsefPS.Core.Store;

namespace KsefPS.Core.Offline;

/// <summary>
/// Compiles the per-invoice code of <see cref="OfflineProtector"/> on a thread of its own while the cmdlet is still
/// opening the store and the certificate. Much of it is compiled fully optimized at its first call, which in a fresh
/// process cost the first invoice about 100 ms of JIT with the signing threads waiting (perf); done meanwhile, that time
/// overlaps work the run does anyway.
/// </summary>
public static class ProtectorPrecompilation
{
    /// <summary>In the order an invoice first uses them.</summary>
    private static readonly Type[] Links =
        [typeof(OfflineProtector), typeof(InvoiceFacts), typeof(BoundedFile), typeof(UnixFileReader), typeof(InvoiceFile), typeof(InvoiceXmlScanner),
            typeof(XmlByteSearch), typeof(Nip), typeof(VerificationLinks), typeof(Base64Url), typeof(TimeOrderedId), typeof(OpenSslEcdsa),
            typeof(OfflineQueueWriter), typeof(Utf8Binder)]; // the first results wait for the offline queue

    private static readonly Type[] Images =
        [typeof(QrImage), typeof(QrCode), typeof(QrCodewords), typeof(QrFormat), typeof(QrLines), typeof(QrPenalty), typeof(QrTemplate), typeof(ReedSolomon)];

    private static readonly Lazy<Task> CompilingLinks = new(() => Task.Run(() => Compile(Links, optimizedOnly: true)));
    private static readonly Lazy<Task> CompilingImages = new(() => Task.Run(() => Compile(Images, optimizedOnly: false)));

    /// <summary>
    /// Starts compiling, once a process; the task ends when all is compiled. Nothing needs to wait for it: a method not yet
    /// compiled is compiled where it is first called.
    /// </summary>
    public static Task Start(bool images) => images ? Task.WhenAll(CompilingLinks.Value, CompilingImages.Value) : CompilingLinks.Value;

    /// <param name="optimizedOnly">
    /// Only the methods compiled fully optimized at their first call, which is where the time goes; the rest of the link
    /// types (record members, reading links back) is compiled quickly where it is called, if it ever is. Reading a whole
    /// invoice (for sending) is compiled where it is first called too: links need only its facts, and its 5 ms of
    /// compiling came before the first invoice's.
    /// </param>
    private static void Compile(Type[] types, bool optimizedOnly)
    {
        const BindingFlags declared = BindingFlags.DeclaredOnly | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance;
        var all = types.SelectMany(WithNested).SelectMany(type => type.GetMethods(declared)).Where(m => !m.IsAbstract && !m.ContainsGenericParameters
            && (!optimizedOnly || m.MethodImplementationFlags.HasFlag(MethodImplAttributes.AggressiveOptimization))
            && !(m.DeclaringType == typeof(InvoiceFile) && m.Name is nameof(InvoiceFile.Read) or nameof(InvoiceFile.Check)));
        // From the back of the path (signing, links) to its front (reading, checking): a signing thread that starts before
        // all is compiled compiles from the front itself, and the two meet instead of queueing for the same methods.
        foreach (var method in all.Reverse())
        {
            RuntimeHelpers.PrepareMethod(method.MethodHandle);
        }
    }

    private static IEnumerable<Type> WithNested(Type type) =>
        type.ContainsGenericParameters ? [] : type.GetNestedTypes(BindingFlags.NonPublic | BindingFlags.Public).SelectMany(WithNested).Prepend(type);
}
