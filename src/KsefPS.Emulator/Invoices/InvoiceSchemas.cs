using System.Reflection;
using System.Xml;
using System.Xml.Schema;

namespace KsefPS.Emulator.Invoices;

/// <summary>
/// The form codes an online session may declare (BRIEF §7.2) and the XSD each is checked against. The FA schemas import
/// their base types by an http://crd.gov.pl URL; the resolver answers with the embedded copy, so nothing is fetched.
/// </summary>
public static class InvoiceSchemas
{
    public sealed record Form(string SystemCode, string SchemaVersion, string Value, string? Resource, string LogicalStructure);

    public static readonly IReadOnlyList<Form> Forms =
    [
        new("FA (2)", "1-0E", "FA", "schemat_FA(2)_v1-0E.xsd", "Schemat_FA(2)_v1-0E.xsd"),
        new("FA (3)", "1-0E", "FA", "schemat_FA(3)_v1-0E.xsd", "Schemat_FA(3)_v1-0E.xsd"),
        new("PEF (3)", "2-1", "PEF", "Schemat_PEF(3)_v2-1.xsd", "Schemat_PEF(3)_v2-1.xsd"),
        new("PEF_KOR (3)", "2-1", "PEF", "Schemat_PEF_KOR(3)_v2-1.xsd", "Schemat_PEF_KOR(3)_v2-1.xsd"),
        new("FA_RR (1)", "1-1E", "FA_RR", "schemat_FA_RR(1)_v1-1E.xsd", "Schemat_FA_RR(1)_v1-1E.xsd"),
    ];

    private static readonly Dictionary<string, Lazy<XmlSchemaSet>> Sets = Forms
        .Where(f => f.Resource is not null)
        .ToDictionary(f => f.SystemCode, f => new Lazy<XmlSchemaSet>(() => Load(f.Resource!)));

    public static Form? Find(string? systemCode, string? schemaVersion, string? value) =>
        Forms.FirstOrDefault(f => f.SystemCode == systemCode && f.SchemaVersion == schemaVersion && f.Value == value);

    /// <summary>
    /// Empty when the document keeps KSeF's rules for XML content (<see cref="XmlContentRules"/>) and is valid against its
    /// form's schema (where this emulator has one); otherwise the first errors.
    /// </summary>
    public static IReadOnlyList<string> Validate(Form form, byte[] document)
    {
        if (XmlContentRules.DiscouragedIn(document) is { } discouraged)
        {
            return [discouraged];
        }
        var errors = new List<string>();
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            IgnoreProcessingInstructions = false,
        };
        if (Sets.TryGetValue(form.SystemCode, out var set))
        {
            settings.ValidationType = ValidationType.Schema;
            settings.Schemas = set.Value;
        }
        settings.ValidationEventHandler += (_, e) =>
        {
            if (e.Severity == XmlSeverityType.Error && errors.Count < 10)
            {
                errors.Add($"line {e.Exception.LineNumber}: {e.Message}");
            }
        };
        using var reader = XmlReader.Create(new MemoryStream(document), settings);
        while (reader.Read())
        {
            if (XmlContentRules.Broken(reader) is { } broken && errors.Count < 10)
            {
                errors.Add(broken);
            }
        }
        return errors;
    }

    private static XmlSchemaSet Load(string resource)
    {
        var set = new XmlSchemaSet { XmlResolver = new EmbeddedResolver() };
        using (var stream = Open(resource))
        using (var reader = XmlReader.Create(stream, new XmlReaderSettings { XmlResolver = null }, "embedded:///" + resource))
        {
            set.Add(null, reader);
        }
        set.Compile();
        return set;
    }

    private static Stream Open(string name) =>
        Assembly.GetExecutingAssembly().GetManifestResourceStream(name) ?? throw new InvalidOperationException($"Schema {name} is not embedded.");

    /// <summary>Maps any schema location, local or http://crd.gov.pl/..., to the embedded file of the same name.</summary>
    private sealed class EmbeddedResolver : XmlResolver
    {
        public override object GetEntity(Uri absoluteUri, string? role, Type? ofObjectToReturn) => Open(Path.GetFileName(absoluteUri.AbsolutePath));
        public override Uri ResolveUri(Uri? baseUri, string? relativeUri) =>
            new("embedded:///" + Path.GetFileName(relativeUri ?? ""));
    }
}
