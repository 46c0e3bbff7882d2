using System.Xml.Linq;
using KsefPS.Core.Tests.Support;

namespace KsefPS.Tests;

/// <summary>What a table shows under a header is a property of that name, so Select-Object and Where-Object work with it.</summary>
public sealed class FormatViewTests
{
    [Fact]
    public void Every_table_header_is_a_property_of_the_type_it_formats()
    {
        var document = XDocument.Load(Path.Combine(Repository.Root, "src", "KsefPS", "KsefPS.format.ps1xml"));
        var assemblies = new[] { typeof(Core.Store.KsefStore).Assembly, typeof(Cmdlets.Certificates.GetKsefCertificateCommand).Assembly };
        var missing = new List<string>();
        foreach (var view in document.Descendants("View").Where(v => v.Element("TableControl") is not null))
        {
            var typeName = view.Element("ViewSelectedBy")!.Element("TypeName")!.Value;
            var type = assemblies.Select(a => a.GetType(typeName)).FirstOrDefault(t => t is not null);
            Assert.True(type is not null, $"{typeName} is not a KsefPS type");
            foreach (var label in view.Descendants("TableColumnHeader").Select(h => h.Element("Label")!.Value))
            {
                if (type!.GetProperty(label) is null)
                {
                    missing.Add($"{type.Name}.{label}");
                }
            }
        }
        Assert.Empty(missing);
    }
}
