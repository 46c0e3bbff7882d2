using System.Security.Cryptography;
using System.Security.Cryptography.Xml;
using System.Xml;

namespace KsefPS.Emulator.Auth;

/// <summary>
/// XML-Signature XPath Filter 2.0 (http://www.w3.org/2002/06/xmldsig-filter2), which KSeF accepts (podpis-xades.md) and
/// .NET lacks. The filter starts as every node of the document; each XPath element's expression, evaluated from the
/// document's root, selects nodes whose whole subtrees are then intersected with, subtracted from or joined to it, in
/// order; what passes is the input's nodes that are in the filter, in document order.
/// </summary>
public sealed class XPathFilter2Transform : Transform
{
    public const string Url = "http://www.w3.org/2002/06/xmldsig-filter2";

    private readonly List<(string Filter, string Expression, XmlNamespaceManager Namespaces)> steps = [];
    private XmlDocument? document;
    private HashSet<XmlNode>? input;

    public XPathFilter2Transform() => Algorithm = Url;

    public override Type[] InputTypes => [typeof(Stream), typeof(XmlDocument), typeof(XmlNodeList)];

    public override Type[] OutputTypes => [typeof(XmlNodeList)];

    public override void LoadInnerXml(XmlNodeList nodeList)
    {
        foreach (var element in nodeList.OfType<XmlElement>())
        {
            var filter = element.GetAttribute("Filter");
            if (element.LocalName != "XPath" || element.NamespaceURI != Url || filter is not ("intersect" or "subtract" or "union"))
            {
                throw new CryptographicException("An XPath Filter 2.0 transform holds only XPath elements with Filter intersect, subtract or union.");
            }
            steps.Add((filter, element.InnerText.Trim(), InScopeNamespaces(element)));
        }
        if (steps.Count == 0)
        {
            throw new CryptographicException("An XPath Filter 2.0 transform needs at least one XPath element.");
        }
    }

    protected override XmlNodeList? GetInnerXml() => null;

    public override void LoadInput(object obj)
    {
        switch (obj)
        {
            case Stream stream:
                document = new XmlDocument { PreserveWhitespace = true, XmlResolver = null };
                using (var reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null }))
                {
                    document.Load(reader);
                }
                input = [.. DocumentOrder(document).Where(node => node is not XmlComment)];
                break;
            case XmlDocument whole:
                document = whole;
                input = [.. DocumentOrder(whole)];
                break;
            case XmlNodeList list:
                input = [.. list.Cast<XmlNode>()];
                document = input.Select(node => node as XmlDocument ?? node.OwnerDocument).FirstOrDefault(owner => owner is not null);
                break;
            default:
                throw new ArgumentException("Unsupported input for XPath Filter 2.0.", nameof(obj));
        }
    }

    public override object GetOutput()
    {
        if (document is null || input is null)
        {
            throw new CryptographicException("The XPath Filter 2.0 transform was given no document.");
        }
        var filter = new HashSet<XmlNode>(DocumentOrder(document));
        foreach (var (operation, expression, namespaces) in steps)
        {
            var selected = new HashSet<XmlNode>();
            foreach (XmlNode node in document.SelectNodes(expression, namespaces) ?? throw new CryptographicException("The XPath expression selects nothing."))
            {
                selected.UnionWith(DocumentOrder(node));
            }
            switch (operation)
            {
                case "intersect": filter.IntersectWith(selected); break;
                case "subtract": filter.ExceptWith(selected); break;
                default: filter.UnionWith(selected); break;
            }
        }
        List<XmlNode> passed = [.. DocumentOrder(document).Where(node => node is not XmlDocument && filter.Contains(node) && input.Contains(node))];
        // Signing nothing of the request proves nothing (and .NET's canonicalization cannot take an empty node-set).
        return passed.Count > 0 ? new NodeList(passed) : throw new CryptographicException("The XPath Filter 2.0 transform leaves nothing of the document signed.");
    }

    public override object GetOutput(Type type) =>
        type == typeof(XmlNodeList) || type.IsSubclassOf(typeof(XmlNodeList)) ? GetOutput() : throw new ArgumentException("XPath Filter 2.0 gives a node-set.", nameof(type));

    /// <summary>The expression's namespace context: every declaration in scope at its XPath element.</summary>
    private static XmlNamespaceManager InScopeNamespaces(XmlElement element)
    {
        var namespaces = new XmlNamespaceManager(element.OwnerDocument.NameTable);
        for (var scope = element; scope is not null; scope = scope.ParentNode as XmlElement)
        {
            foreach (XmlAttribute attribute in scope.Attributes)
            {
                if (attribute.Prefix == "xmlns" && namespaces.LookupNamespace(attribute.LocalName) is null)
                {
                    namespaces.AddNamespace(attribute.LocalName, attribute.Value);
                }
            }
        }
        return namespaces;
    }

    /// <summary>A node and everything under it (attributes included), in document order.</summary>
    private static IEnumerable<XmlNode> DocumentOrder(XmlNode node)
    {
        yield return node;
        if (node.Attributes is { } attributes)
        {
            foreach (XmlAttribute attribute in attributes)
            {
                yield return attribute;
            }
        }
        foreach (XmlNode child in node.ChildNodes)
        {
            foreach (var descendant in DocumentOrder(child))
            {
                yield return descendant;
            }
        }
    }

    private sealed class NodeList(List<XmlNode> nodes) : XmlNodeList
    {
        public override int Count => nodes.Count;
        public override XmlNode? Item(int index) => index >= 0 && index < nodes.Count ? nodes[index] : null;
        public override System.Collections.IEnumerator GetEnumerator() => nodes.GetEnumerator();
    }
}
