using System.Text;
using System.Xml;

namespace KsefPS.Emulator.Invoices;

/// <summary>
/// What KSeF checks of an invoice's XML besides its schema, the same for every form (weryfikacja-faktury.md, API 2.4.0):
/// a declaration names no encoding but UTF-8, no processing instructions, and none of the characters XML 1.0 discourages
/// (its section 2.2), written out or as a character reference.
/// </summary>
public static class XmlContentRules
{
    /// <summary>DEL and the C1 controls but NEL, U+FDD0–U+FDEF, and the last two code points of every plane beyond the first.</summary>
    private static bool IsDiscouraged(int codePoint) =>
        codePoint is (>= 0x7F and <= 0x84) or (>= 0x86 and <= 0x9F) or (>= 0xFDD0 and <= 0xFDEF)
        || (codePoint > 0xFFFF && (codePoint & 0xFFFF) >= 0xFFFE);

    /// <summary>The document's text as written (invalid UTF-8 is left for the XML reader to report): the first discouraged character.</summary>
    public static string? DiscouragedIn(byte[] document) => DiscouragedIn(Encoding.UTF8.GetString(document));

    /// <summary>The rule the reader's current node breaks, or null: a processing instruction, another encoding, a discouraged character in its values.</summary>
    public static string? Broken(XmlReader reader)
    {
        switch (reader.NodeType)
        {
            case XmlNodeType.ProcessingInstruction:
                return $"Processing instructions are not allowed ('{reader.Name}').";
            case XmlNodeType.XmlDeclaration when reader.GetAttribute("encoding") is { } encoding && !encoding.Equals("UTF-8", StringComparison.OrdinalIgnoreCase):
                return $"The XML declaration names the encoding '{encoding}'; only UTF-8 is allowed.";
            case XmlNodeType.Element:
                for (var more = reader.MoveToFirstAttribute(); more; more = reader.MoveToNextAttribute())
                {
                    if (DiscouragedIn(reader.Value) is { } found)
                    {
                        reader.MoveToElement();
                        return found;
                    }
                }
                reader.MoveToElement();
                return null;
            case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace or XmlNodeType.Comment:
                return DiscouragedIn(reader.Value);
            default:
                return null;
        }
    }

    private static string? DiscouragedIn(string text)
    {
        foreach (var rune in text.EnumerateRunes())
        {
            if (IsDiscouraged(rune.Value))
            {
                return $"The character U+{rune.Value:X4} is one XML discourages; KSeF does not accept it.";
            }
        }
        return null;
    }
}
