using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Xml;
using System.Xml.Schema;
using KsefPS.Core.Errors;
using KsefPS.Core.Security;

namespace KsefPS.Core.Invoices;

/// <summary>
/// An invoice checked the way KSeF will check it before anything is sent (BRIEF §7.1): UTF-8 without a BOM, no other
/// encoding declared, no processing instructions, at most 1 MB (3 MB with attachments, which only a batch session or a
/// technical correction takes), a known form code, valid against the form's XSD.
/// </summary>
public sealed record InvoiceFile(string Path, byte[] Content, string Hash, FormCode Form, string SellerNip, DateOnly IssueDate, string InvoiceNumber,
    bool HasAttachment = false)
{
    public const int MaxSize = 1_000_000;
    public const int MaxSizeWithAttachment = 3_000_000;

    /// <summary>
    /// Reads and checks an invoice. The structure, the facts and the hash come from one pass over the bytes; the XSD
    /// check is a second, separate pass that <paramref name="validateSchema"/> turns off where the caller's ERP already did it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static InvoiceFile Read(string path, bool validateSchema = true)
    {
        byte[] content;
        try
        {
            content = BoundedFile.Read(path, MaxSizeWithAttachment, (refusal, why) => refusal == FileRefusal.TooLarge
                ? Invalid(path, $"it {why} (KSeF takes at most {MaxSize:N0} bytes, {MaxSizeWithAttachment:N0} with attachments)")
                : new KsefException(ErrorIds.InvoiceUnreadable, KsefErrorKind.OpenError, $"The invoice '{path}' cannot be read: it {why}.", path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new KsefException(ErrorIds.InvoiceUnreadable, KsefErrorKind.OpenError, $"The invoice '{path}' cannot be read: {e.Message}", path, e);
        }
        return Check(path, content, validateSchema);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static InvoiceFile Check(string path, byte[] content, bool validateSchema = true)
    {
        if (content.Length > MaxSizeWithAttachment)
        {
            throw Invalid(path, $"it has {content.Length:N0} bytes; KSeF takes at most {MaxSizeWithAttachment:N0} (with attachments)");
        }
        if (content.AsSpan().StartsWith(Encoding.UTF8.Preamble))
        {
            throw Invalid(path, "it starts with a byte order mark; KSeF wants UTF-8 without one");
        }
        try
        {
            _ = new UTF8Encoding(false, throwOnInvalidBytes: true).GetCharCount(content);
        }
        catch (DecoderFallbackException)
        {
            throw Invalid(path, "it is not valid UTF-8");
        }
        var facts = ReadFacts(path, content);
        if (!facts.Attachment && content.Length > MaxSize)
        {
            throw Invalid(path, $"it has {content.Length:N0} bytes; KSeF takes at most {MaxSize:N0} for an invoice without attachments");
        }
        if (validateSchema)
        {
            ValidateSchema(path, content, facts.Form);
        }
        return new InvoiceFile(path, content, Convert.ToBase64String(SHA256.HashData(content)), facts.Form, facts.Seller, facts.IssueDate, facts.Number, facts.Attachment);
    }

    /// <summary>One pass: the declared encoding, no processing instruction, a known form code, and the facts KSeF and the QR codes need.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (FormCode Form, string Seller, DateOnly IssueDate, string Number, bool Attachment) ReadFacts(string path, byte[] content)
    {
        FormCode? form = null;
        string? seller = null, issued = null, number = null;
        var attachment = false;
        var trail = new List<string>(8);
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(content), FactsSettings);
            // ReadInnerXml and ReadElementContentAsString leave the reader on the next node already: read on only when they did not.
            var positioned = false;
            while (positioned || reader.Read())
            {
                positioned = false;
                switch (reader.NodeType)
                {
                    case XmlNodeType.XmlDeclaration when reader.GetAttribute("encoding") is { } encoding && !encoding.Equals("UTF-8", StringComparison.OrdinalIgnoreCase):
                        throw Invalid(path, $"it declares the encoding '{encoding}'; KSeF wants UTF-8");
                    case XmlNodeType.ProcessingInstruction:
                        throw Invalid(path, $"it has a processing instruction ('{reader.Name}'); KSeF allows none");
                    case XmlNodeType.Element:
                        break;
                    default:
                        continue;
                }
                trail.RemoveRange(reader.Depth, trail.Count - reader.Depth);
                trail.Add(reader.LocalName);
                attachment |= trail.Count == 2 && reader.LocalName == "Zalacznik";
                if (reader.IsEmptyElement || trail.Count is not (3 or 4))
                {
                    continue;
                }
                var where = Where(trail);
                if (where == "Faktura/Naglowek/KodFormularza")
                {
                    var code = new FormCode(reader.GetAttribute("kodSystemowy") ?? "", reader.GetAttribute("wersjaSchemy") ?? "", reader.ReadElementContentAsString().Trim());
                    form = FormCode.Known.FirstOrDefault(k => k == code)
                        ?? throw Invalid(path, $"its form code '{code.SystemCode}' {code.SchemaVersion} {code.Value} is none KSeF accepts ({string.Join(", ", FormCode.Known)})");
                }
                else if (where is "Faktura/Podmiot1/DaneIdentyfikacyjne/NIP" or "Faktura/Fa/P_1" or "Faktura/Fa/P_2")
                {
                    var text = reader.ReadInnerXml().Trim();
                    _ = where switch
                    {
                        "Faktura/Fa/P_1" => issued = text,
                        "Faktura/Fa/P_2" => number = text,
                        _ => seller = text,
                    };
                }
                else
                {
                    continue;
                }
                trail.RemoveAt(trail.Count - 1);
                positioned = true;
            }
        }
        catch (XmlException e)
        {
            throw Invalid(path, $"it is not well-formed XML: {e.Message}");
        }
        if (form is null)
        {
            throw Invalid(path, "it declares no form code (Naglowek/KodFormularza)");
        }
        if (seller is null || number is null || !DateOnly.TryParseExact(issued, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var issueDate))
        {
            throw Invalid(path, "it lacks the seller NIP (Podmiot1), the issue date (P_1) or the number (P_2)");
        }
        if (!Identifiers.Nip.IsValid(seller))
        {
            throw Invalid(path, $"its seller NIP '{seller}' has a wrong check digit");
        }
        return (form, seller, issueDate, number, attachment);
    }

    /// <summary>The element path, for the few the facts come from; any other is null without building a string.</summary>
    private static string? Where(List<string> trail) => trail switch
    {
        ["Faktura", "Naglowek", "KodFormularza"] => "Faktura/Naglowek/KodFormularza",
        ["Faktura", "Podmiot1", "DaneIdentyfikacyjne", "NIP"] => "Faktura/Podmiot1/DaneIdentyfikacyjne/NIP",
        ["Faktura", "Fa", "P_1"] => "Faktura/Fa/P_1",
        ["Faktura", "Fa", "P_2"] => "Faktura/Fa/P_2",
        _ => null,
    };

    /// <summary>The form's XSD, when KsefPS carries it (<see cref="FormCode.SchemaResource"/>).</summary>
    private static void ValidateSchema(string path, byte[] content, FormCode form)
    {
        if (form.SchemaResource is not { } schema)
        {
            return;
        }
        var settings = Settings();
        var errors = new List<string>();
        settings.ValidationType = ValidationType.Schema;
        settings.Schemas = InvoiceSchemaSet.For(schema);
        settings.ValidationEventHandler += (_, e) =>
        {
            if (e.Severity == XmlSeverityType.Error && errors.Count < 5)
            {
                errors.Add($"line {e.Exception.LineNumber}: {e.Message}");
            }
        };
        using (var reader = XmlReader.Create(new MemoryStream(content), settings))
        {
            while (reader.Read())
            {
            }
        }
        if (errors.Count > 0)
        {
            throw Invalid(path, $"it is not valid against the {form.SystemCode} schema: {string.Join("; ", errors)}");
        }
    }

    /// <summary>Per thread, so that its name table is shared by every invoice the thread reads (a NameTable is not thread-safe).</summary>
    [ThreadStatic]
    private static XmlReaderSettings? t_factsSettings;

    private static XmlReaderSettings FactsSettings => t_factsSettings ??= WithNameTable(Settings());

    private static XmlReaderSettings WithNameTable(XmlReaderSettings settings)
    {
        settings.NameTable = new NameTable();
        return settings;
    }

    private static XmlReaderSettings Settings() => new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreWhitespace = true,
    };

    private static KsefException Invalid(string path, string why) =>
        new(ErrorIds.InvoiceInvalid, KsefErrorKind.InvalidData, $"KSeF would refuse the invoice '{path}': {why}. Nothing was sent or queued.", path);
}
