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
/// encoding declared, no processing instructions, none of the characters XML discourages, at most 1 MB (3 MB with
/// attachments: an FA invoice's Zalacznik, which only a batch session or a technical correction takes, or a PEF
/// invoice's embedded documents, which go online), a known form code, valid against the form's XSD; on production,
/// right check digits in the NIPs of the seller and the other parties.
/// </summary>
public sealed record InvoiceFile(string Path, byte[] Content, string Hash, FormCode Form, string SellerNip, DateOnly IssueDate, string InvoiceNumber,
    bool HasAttachment = false)
{
    public const int MaxSize = 1_000_000;
    public const int MaxSizeWithAttachment = 3_000_000;

    /// <summary>Buffers up to this size are kept by a thread for its next invoice; real invoices are a few kilobytes.</summary>
    private const int KeptBufferSize = 64 * 1024;

    [ThreadStatic]
    private static byte[]? _keptBuffer;

    /// <summary>
    /// Reads and checks an invoice. The structure, the facts and the hash come from one pass over the bytes; the XSD
    /// check is a second, separate pass that <paramref name="validateSchema"/> turns off where the caller's ERP already did it.
    /// The seller NIP's control digit is checked when <paramref name="nipControlDigit"/> says so: KSeF checks it on
    /// production only (<see cref="Environments.KsefEnvironmentInfo.ChecksNipControlDigits"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static InvoiceFile Read(string path, bool validateSchema = true, bool nipControlDigit = true)
    {
        byte[]? content = null;
        ReadInto(path, ref content);
        return Check(path, content!, validateSchema, nipControlDigit);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static InvoiceFile Check(string path, byte[] content, bool validateSchema = true, bool nipControlDigit = true)
    {
        Span<byte> sha256 = stackalloc byte[SHA256.HashSizeInBytes];
        var facts = Inspect(path, content, content.Length, validateSchema, nipControlDigit, sha256);
        return new InvoiceFile(path, content, Convert.ToBase64String(sha256), facts.Form, facts.SellerNip, facts.IssueDate, facts.InvoiceNumber,
            facts.HasAttachment);
    }

    /// <summary>
    /// The checks and facts of <see cref="Read"/>, and the file's SHA-256 written to <paramref name="sha256"/>, without
    /// keeping the bytes: for a caller that needs only the facts (a verification link), the file is read into a buffer
    /// the thread keeps for its next invoice, so that a run of thousands does not leave an invoice-sized array apiece to
    /// the collector.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static InvoiceFileFacts ReadFacts(string path, bool validateSchema, bool nipControlDigit, Span<byte> sha256)
    {
        var buffer = _keptBuffer;
        var length = ReadInto(path, ref buffer);
        _keptBuffer = buffer!.Length <= KeptBufferSize ? buffer : null;
        return Inspect(path, buffer, length, validateSchema, nipControlDigit, sha256);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int ReadInto(string path, ref byte[]? buffer)
    {
        try
        {
            return BoundedFile.ReadInto(path, MaxSizeWithAttachment, ref buffer, (refusal, why) => refusal == FileRefusal.TooLarge
                ? Invalid(path, $"it {why} (KSeF takes at most {MaxSize:N0} bytes, {MaxSizeWithAttachment:N0} with attachments)")
                : new KsefException(ErrorIds.InvoiceUnreadable, KsefErrorKind.OpenError, $"The invoice '{path}' cannot be read: it {why}.", path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new KsefException(ErrorIds.InvoiceUnreadable, KsefErrorKind.OpenError, $"The invoice '{path}' cannot be read: {e.Message}", path, e);
        }
    }

    /// <summary>Every check of <see cref="Check"/> on the first <paramref name="length"/> bytes of <paramref name="buffer"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static InvoiceFileFacts Inspect(string path, byte[] buffer, int length, bool validateSchema, bool nipControlDigit, Span<byte> sha256)
    {
        var content = buffer.AsSpan(0, length);
        if (length > MaxSizeWithAttachment)
        {
            throw Invalid(path, $"it has {length:N0} bytes; KSeF takes at most {MaxSizeWithAttachment:N0} (with attachments)");
        }
        if (content.StartsWith(Encoding.UTF8.Preamble))
        {
            throw Invalid(path, "it starts with a byte order mark; KSeF wants UTF-8 without one");
        }
        if (!System.Text.Unicode.Utf8.IsValid(content))
        {
            throw Invalid(path, "it is not valid UTF-8");
        }
        var facts = ScanFacts(path, content, nipControlDigit);
        if (!facts.HasAttachment && length > MaxSize)
        {
            throw Invalid(path, $"it has {length:N0} bytes; KSeF takes at most {MaxSize:N0} for an invoice without attachments");
        }
        if (validateSchema)
        {
            ValidateSchema(path, buffer, length, facts.Form);
        }
        SHA256.HashData(content, sha256);
        return facts;
    }

    /// <summary>
    /// One pass: well-formed XML, UTF-8 declared if anything, no processing instruction, no discouraged character, a known
    /// form code, and the facts KSeF and the QR codes need.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static InvoiceFileFacts ScanFacts(string path, ReadOnlySpan<byte> content, bool nipControlDigit)
    {
        InvoiceXmlFacts facts;
        try
        {
            facts = InvoiceXmlScanner.Scan(content, otherParties: nipControlDigit);
        }
        catch (InvoiceXmlProblem problem)
        {
            throw problem.Problem switch
            {
                InvoiceXmlProblem.Kind.Encoding => Invalid(path, $"it declares the encoding '{problem.Message}'; KSeF wants UTF-8"),
                InvoiceXmlProblem.Kind.ProcessingInstruction => Invalid(path, $"it has a processing instruction ('{problem.Message}'); KSeF allows none"),
                InvoiceXmlProblem.Kind.TooComplex => Invalid(path, $"it has {problem.Message}, which no KSeF form has"),
                InvoiceXmlProblem.Kind.DiscouragedCharacter =>
                    Invalid(path, $"it has the character {problem.Message} ({Where(content, problem.Offset)}), one XML discourages; KSeF allows none of those"),
                _ => Invalid(path, $"it is not well-formed XML: {problem.Message} ({Where(content, problem.Offset)})"),
            };
        }
        if (facts.FormValue is null)
        {
            throw Invalid(path, "it declares no form code (Naglowek/KodFormularza)");
        }
        var code = new FormCode(facts.SystemCode ?? "", facts.SchemaVersion ?? "", facts.FormValue);
        if (!Accepted(code))
        {
            throw Invalid(path, $"its form code '{code.SystemCode}' {code.SchemaVersion} {code.Value} is none KSeF accepts ({string.Join(", ", FormCode.Known)})");
        }
        if (facts.SellerNip is not { } seller || facts.Number is not { } number || !TryParseIsoDate(facts.IssueDate, out var issueDate))
        {
            throw MissingFacts(path, code, facts);
        }
        if (!Identifiers.Nip.HasKsefShape(seller))
        {
            throw Invalid(path, $"its seller NIP '{Security.UntrustedText.Quote(seller)}' is not 10 digits of KSeF's NIP shape");
        }
        if (nipControlDigit && !Identifiers.Nip.IsValid(seller))
        {
            throw Invalid(path, $"its seller NIP '{Security.UntrustedText.Quote(seller)}' has a wrong check digit (KSeF checks it on production)");
        }
        foreach (var party in facts.OtherParties ?? [])
        {
            if (!Identifiers.Nip.IsValid(party.CheckedNip))
            {
                throw Invalid(path, $"the {(party.InternalId ? "NIP in the internal identifier (IDWew)" : "NIP")} '{Security.UntrustedText.Quote(party.Identifier)}' of {party.Element} has a wrong check digit (KSeF checks it on production)");
            }
        }
        return new InvoiceFileFacts(code, seller, issueDate, number, facts.HasAttachment);
    }

    /// <summary>Which of the seller, the issue date and the number an invoice lacks (or has as no date), each named as its form names it.</summary>
    private static KsefException MissingFacts(string path, FormCode form, InvoiceXmlFacts facts)
    {
        var (seller, dateElement, numberElement) = form.Value switch
        {
            "PEF" => ("the seller's Polish VAT number (PL and the NIP, in AccountingSupplierParty/Party: PartyTaxScheme/CompanyID, PartyLegalEntity/CompanyID, EndpointID or PartyIdentification/ID)",
                "IssueDate", "ID"),
            "FA_RR" => ("the supplier's NIP (Podmiot1)", "FakturaRR/P_4B", "FakturaRR/P_4C"),
            _ => ("the seller NIP (Podmiot1)", "P_1", "P_2"),
        };
        var missing = new List<string>(3);
        if (facts.SellerNip is null)
        {
            missing.Add(seller);
        }
        if (facts.IssueDate is null)
        {
            missing.Add($"the issue date ({dateElement})");
        }
        if (facts.Number is null)
        {
            missing.Add($"the number ({numberElement})");
        }
        var lacks = missing.Count == 0 ? null : "it lacks " + string.Join(missing.Count == 2 ? " and " : ", ", missing);
        var notADate = facts.IssueDate is { } given && !TryParseIsoDate(given, out _)
            ? $"its issue date ({dateElement}) '{Security.UntrustedText.Quote(given)}' is not a date (yyyy-MM-dd)"
            : null;
        return Invalid(path, string.Join("; ", new[] { lacks, notADate }.Where(part => part is not null)));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool Accepted(FormCode code)
    {
        for (var i = 0; i < FormCode.Known.Count; i++)
        {
            if (FormCode.Known[i] == code)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>"line L, position P" of a byte offset, for an error message.</summary>
    private static string Where(ReadOnlySpan<byte> content, int offset)
    {
        var before = content[..Math.Min(offset, content.Length)];
        var lineStart = before.LastIndexOf((byte)'\n') + 1;
        return $"line {before.Count((byte)'\n') + 1}, position {Encoding.UTF8.GetCharCount(before[lineStart..]) + 1}";
    }

    /// <summary>
    /// "yyyy-MM-dd" and nothing else, as TryParseExact with the invariant culture reads it, without its cost: that
    /// goes through culture-aware comparisons and was a quarter of the per-invoice work.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool TryParseIsoDate(string? text, out DateOnly date)
    {
        date = default;
        if (text is not { Length: 10 } || text[4] != '-' || text[7] != '-'
            || !TryDigits(text.AsSpan(0, 4), out var year) || !TryDigits(text.AsSpan(5, 2), out var month) || !TryDigits(text.AsSpan(8, 2), out var day)
            || year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }
        date = new DateOnly(year, month, day);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool TryDigits(ReadOnlySpan<char> digits, out int value)
    {
        value = 0;
        foreach (var c in digits)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
            value = value * 10 + (c - '0');
        }
        return true;
    }

    /// <summary>The form's XSD, when KsefPS carries it (<see cref="FormCode.SchemaResource"/>).</summary>
    private static void ValidateSchema(string path, byte[] buffer, int length, FormCode form)
    {
        if (form.SchemaResource is not { } schema)
        {
            return;
        }
        var settings = Settings();
        settings.NameTable = ValidationNameTable.For(length);
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
        using (var reader = XmlReader.Create(new MemoryStream(buffer, 0, length, writable: false), settings))
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
