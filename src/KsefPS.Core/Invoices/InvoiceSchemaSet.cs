using System.Collections.Concurrent;
using System.Xml;
using System.Xml.Schema;

namespace KsefPS.Core.Invoices;

/// <summary>
/// The FA and PEF schemas compiled once per process from the copies embedded in the module. Their imports (the FA base
/// types by an http://crd.gov.pl URL, PEF's UBL components by relative paths) are answered from the embedded copies:
/// nothing is fetched, ever.
/// </summary>
internal static class InvoiceSchemaSet
{
    private static readonly ConcurrentDictionary<string, Lazy<XmlSchemaSet>> Compiled = new();

    public static XmlSchemaSet For(string resource) =>
        Compiled.GetOrAdd(resource, r => new Lazy<XmlSchemaSet>(() => Compile(r))).Value;

    private static XmlSchemaSet Compile(string resource)
    {
        var set = new XmlSchemaSet { XmlResolver = new EmbeddedSchemaResolver() };
        using (var stream = EmbeddedSchemaResolver.Open(resource))
        using (var reader = XmlReader.Create(stream, new XmlReaderSettings { XmlResolver = null }, "embedded:///" + resource))
        {
            set.Add(null, reader);
        }
        set.Compile();
        return set;
    }

    private sealed class EmbeddedSchemaResolver : XmlResolver
    {
        public static Stream Open(string resource) =>
            typeof(InvoiceSchemaSet).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The schema {resource} is not embedded in KsefPS.Core.");

        public override object GetEntity(Uri absoluteUri, string? role, Type? ofObjectToReturn)
        {
            var name = Path.GetFileName(absoluteUri.AbsolutePath);
            return Open(name.StartsWith("KsefPS.Schemas.", StringComparison.Ordinal) ? name : "KsefPS.Schemas." + name);
        }

        public override Uri ResolveUri(Uri? baseUri, string? relativeUri) => new("embedded:///" + Path.GetFileName(relativeUri ?? ""));
    }
}
