using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Xml;

namespace KsefPS.Core.Invoices;

/// <summary>
/// One pass over an invoice's UTF-8 bytes: checks that it is well-formed XML with namespaces (XML 1.0: one root, tags
/// that match, quoted attributes named once, declared prefixes and entities, legal characters, comments, CDATA; no
/// DTD; names, reserved prefixes and xml:space as .NET's XmlReader reads them), and picks out the facts on the way. It
/// refuses what XmlReader refuses (its tests hold it to that), and more only where KSeF does (processing instructions,
/// discouraged characters, another encoding) or where XmlReader lets a version other than 1.0 pass. Hand-written rather
/// than on XmlReader: a scheduled run is a fresh process, where XmlReader runs through not-yet-optimized framework code
/// for the first tens of thousands of invoices and was half the cost of protecting one; this is compiled fully
/// optimized at once. The XSD check stays on XmlReader. What a usual invoice never meets (comments, CDATA, processing
/// instructions, an end tag written another way than "&lt;/name&gt;", a name beyond ASCII) is not so marked: compiled
/// where it is first met, it costs a fresh run nothing before its first invoice. The small steps taken for every piece
/// of markup (the loop's dispatch, text, end tags, the stacks, comparing names) are marked to be inlined instead:
/// compiled without the profile that tiering would have gathered, the JIT left them as calls, and taken into
/// <see cref="Document"/>'s loop and their callers they made a scan a third faster (3.4 KB FA(3) invoice: 9.1 to 6.0 µs).
/// </summary>
internal ref struct InvoiceXmlScanner
{
    // Checks against attributes and prefixes in scope are linear, so hostile input could make them quadratic; KSeF's
    // forms use a handful of each.
    private const int MaxAttributes = 256;
    private const int MaxDeclarations = 256;
    private const string XmlNamespace = "http://www.w3.org/XML/1998/namespace";
    private const string XmlnsNamespace = "http://www.w3.org/2000/xmlns/";

    private readonly ReadOnlySpan<byte> _xml;
    private int _pos;

    // Open elements (their qualified names as offsets into the bytes) and the namespace prefixes declared on each. Plain
    // arrays, not lists of tuples: generic code over value types is not precompiled in the framework and would run
    // unoptimized for the first thousands of invoices. Each thread keeps its stacks from one invoice to the next.
    private readonly NameStack _open;
    private readonly NameStack _declared;
    private readonly NameStack _attributes;

    [ThreadStatic] private static NameStack? t_open, t_declared, t_attributes;

    // The local names of the first four levels, to recognise the few elements the facts come from.
    private (int Start, int Length) _level1, _level2, _level3, _level4;
    // A PEF invoice: a UBL Invoice or CreditNote, whose form is known from its root and whose facts sit elsewhere.
    private bool _pef;
    // In an FA or RR invoice (root Faktura), the part of it the element being read is in, named once where it begins, so
    // that the elements inside it are told apart without comparing the names of the levels above them again.
    private Section _section;
    private Fact _capturing;
    private int _captureDepth;
    // A fact's text is usually one run of bytes, decoded once when its element ends; text in several pieces (around a
    // reference, a comment, CDATA) is gathered decoded.
    private int _pieceStart, _pieceLength;
    private StringBuilder? _captured;
    private string? _systemCode, _schemaVersion, _formValue, _seller, _issued, _number;
    private bool _attachment;
    // Null unless the caller asked for them (only production checks their identifiers).
    private readonly List<InvoiceParty>? _otherParties;
    // A PEF seller's NIP may sit in any of several registrations: the rank of the one it was taken from, and of the one
    // being captured (see SupplierRegistrationRank).
    private int _sellerRank, _captureRank;

    private enum Section
    {
        None,
        Header,
        Invoice,
        RrInvoice,
        Seller,
        OtherParty,
    }

    private enum Fact
    {
        None,
        FormCode,
        Seller,
        IssueDate,
        Number,
        OtherParty,
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private InvoiceXmlScanner(ReadOnlySpan<byte> xml, bool otherParties)
    {
        _xml = xml;
        _otherParties = otherParties ? [] : null;
        _open = Reused(ref t_open, 16);
        _declared = Reused(ref t_declared, 4);
        _attributes = Reused(ref t_attributes, 8);
        _sellerRank = int.MaxValue;
    }

    /// <summary>The thread's stack, emptied; one that hostile input made large is not kept.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static NameStack Reused(ref NameStack? kept, int capacity)
    {
        if (kept is null || kept.Capacity > 64 * capacity)
        {
            kept = new NameStack(capacity);
        }
        kept.Count = 0;
        return kept;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static InvoiceXmlFacts Scan(ReadOnlySpan<byte> xml, bool otherParties = false)
    {
        var scanner = new InvoiceXmlScanner(xml, otherParties);
        scanner.CheckCharacters();
        scanner.Document();
        return new InvoiceXmlFacts(scanner._systemCode, scanner._schemaVersion, scanner._formValue, scanner._seller, scanner._issued,
            scanner._number, scanner._attachment, scanner._otherParties);
    }

    /// <summary>
    /// XML's Char production, over bytes already known to be valid UTF-8: no C0 controls but tab, LF and CR; no U+FFFE or
    /// U+FFFF. And none of the characters XML discourages, which KSeF refuses since API 2.4.0 (weryfikacja-faktury.md).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private readonly void CheckCharacters()
    {
        var offset = 0;
        while (XmlByteSearch.IndexOfCharacterToCheck(_xml[offset..]) is var found and >= 0)
        {
            offset += found;
            var lead = _xml[offset];
            if (lead < 0x20)
            {
                throw Malformed($"the character 0x{lead:X2} is not allowed in XML", offset);
            }
            Rune.DecodeFromUtf8(_xml[offset..], out var rune, out var length);
            var character = rune.Value;
            if (character is 0xFFFE or 0xFFFF)
            {
                throw Malformed($"the character U+{character:X4} is not allowed in XML", offset);
            }
            RefuseDiscouraged(character, offset);
            offset += length;
        }
    }

    /// <summary>
    /// XML's discouraged characters (its section 2.2): DEL and the C1 controls but NEL (U+007F–U+0084, U+0086–U+009F),
    /// U+FDD0–U+FDEF, and the last two code points of every plane beyond the first. KSeF refuses an invoice that has one.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RefuseDiscouraged(int character, int offset)
    {
        if (character is >= 0x7F and <= 0x84 or >= 0x86 and <= 0x9F or >= 0xFDD0 and <= 0xFDEF || (character > 0xFFFF && (character & 0xFFFE) == 0xFFFE))
        {
            throw new InvoiceXmlProblem(InvoiceXmlProblem.Kind.DiscouragedCharacter, $"U+{character:X4}", offset);
        }
    }

    // Content is inlined into this method's loop, which it runs once for each piece of markup and text: a call each time
    // cost a sixth of a scan. Kept out of Scan, which would otherwise take this method in and run out of room for Content.
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private void Document()
    {
        if (_xml.StartsWith("<?xml"u8) && _xml.Length > 5 && IsSpace(_xml[5]))
        {
            XmlDeclaration();
        }
        Misc();
        if (_pos >= _xml.Length)
        {
            throw Malformed("the root element is missing", _pos);
        }
        if (_xml[_pos] != (byte)'<' || _pos + 1 >= _xml.Length || !IsNameStart(_pos + 1))
        {
            throw Malformed("text or markup where the root element should begin", _pos);
        }
        _pos++;
        StartTag();
        while (_open.Count > 0)
        {
            Content();
        }
        Misc();
        if (_pos < _xml.Length)
        {
            throw Malformed("there is more after the root element", _pos);
        }
    }

    /// <summary>Comments and white space, before and after the root element; a DTD or a processing instruction is refused.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Misc()
    {
        while (_pos < _xml.Length)
        {
            if (IsSpace(_xml[_pos]))
            {
                _pos++;
            }
            else if (At("<!--"u8))
            {
                Comment();
            }
            else if (At("<!DOCTYPE"u8))
            {
                throw Malformed("a DTD (DOCTYPE) is not allowed", _pos);
            }
            else if (At("<?"u8))
            {
                ProcessingInstruction();
            }
            else
            {
                return;
            }
        }
    }

    /// <summary>Inside an element: text, references, CDATA, comments, child elements, or its end tag.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Content()
    {
        if (_pos >= _xml.Length)
        {
            throw Malformed($"the element '{Text(_open.Top)}' is not closed", _pos);
        }
        switch (_xml[_pos])
        {
            case (byte)'<':
                // Told apart by the byte after '<': most markup is a start or an end tag, which then costs no comparisons.
                var next = _pos + 1 < _xml.Length ? _xml[_pos + 1] : (byte)0;
                if (next == (byte)'/')
                {
                    EndTag();
                }
                else if (next == (byte)'!' && At("<!--"u8))
                {
                    Comment();
                }
                else if (next == (byte)'!' && At("<![CDATA["u8))
                {
                    CData();
                }
                else if (next == (byte)'?')
                {
                    ProcessingInstruction();
                }
                else if (_pos + 1 < _xml.Length && IsNameStart(_pos + 1))
                {
                    _pos++;
                    StartTag();
                }
                else
                {
                    throw Malformed("'<' that begins no markup", _pos);
                }
                break;
            case (byte)'&':
                Capture(Reference());
                break;
            default:
                CharacterData();
                break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void CharacterData()
    {
        var start = _pos;
        while (true)
        {
            var next = XmlByteSearch.IndexOfAny(_xml[_pos..], (byte)'<', (byte)'&', (byte)']');
            if (next < 0)
            {
                _pos = _xml.Length;
                break;
            }
            _pos += next;
            if (_xml[_pos] != (byte)']')
            {
                break;
            }
            if (At("]]>"u8))
            {
                throw Malformed("']]>' is not allowed in text", _pos);
            }
            _pos++;
        }
        Capture(start, _pos - start);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void StartTag()
    {
        var name = QualifiedName(out var colon);
        var declaredMark = _declared.Count;
        _attributes.Count = 0;
        string? systemCode = null, schemaVersion = null;
        var depth = _open.Count + 1;
        var local = colon < 0 ? name : (name.Start + colon + 1, name.Length - colon - 1);
        var formCode = depth == 3 && _section == Section.Header && Is(local, "KodFormularza"u8);
        while (true)
        {
            var spaced = SkipSpace();
            if (_pos >= _xml.Length)
            {
                throw Malformed($"the start tag '{Text(name)}' is not closed", _pos);
            }
            if (_xml[_pos] == (byte)'>' || At("/>"u8))
            {
                break;
            }
            if (!spaced || !IsNameStart(_pos))
            {
                throw Malformed($"an attribute of '{Text(name)}' is not written as name=\"value\"", _pos);
            }
            var attribute = QualifiedName(out var attributeColon);
            if (_attributes.Count == MaxAttributes)
            {
                throw new InvoiceXmlProblem(InvoiceXmlProblem.Kind.TooComplex, $"an element with more than {MaxAttributes} attributes", attribute.Start);
            }
            for (var i = 0; i < _attributes.Count; i++)
            {
                if (Same(_attributes[i], attribute))
                {
                    throw Malformed($"the attribute '{Text(attribute)}' is given twice", attribute.Start);
                }
            }
            _attributes.Push(attribute, attributeColon);
            SkipSpace();
            Expect((byte)'=', "'=' after an attribute name");
            SkipSpace();
            var declaration = IsNamespaceDeclaration(attribute);
            var space = !declaration && Is(attribute, "xml:space"u8);
            var value = AttributeValue(decode: formCode || declaration || space);
            if (declaration)
            {
                Declare(attribute, value!);
            }
            else if (space && value is not ("default" or "preserve"))
            {
                throw Malformed("xml:space is either 'default' or 'preserve'", attribute.Start);
            }
            else if (formCode && Is(attribute, "kodSystemowy"u8))
            {
                systemCode = value;
            }
            else if (formCode && Is(attribute, "wersjaSchemy"u8))
            {
                schemaVersion = value;
            }
        }
        RequireDeclared(name, colon);
        for (var i = 0; i < _attributes.Count; i++)
        {
            if (!IsNamespaceDeclaration(_attributes[i]))
            {
                RequireDeclared(_attributes[i], _attributes.MarkAt(i));
            }
        }
        var empty = _xml[_pos] == (byte)'/';
        _pos += empty ? 2 : 1;
        Entered(depth, local, formCode, systemCode, schemaVersion);
        if (empty)
        {
            _declared.Count = declaredMark;
            Left(depth);
        }
        else
        {
            _open.Push(name, declaredMark);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void EndTag()
    {
        var at = _pos;
        _pos += 2;
        var open = _open.Top;
        var end = _pos + open.Length;
        // The usual end tag, "</" and the start tag's name and '>', needs no name scanned: anything else goes the long way.
        if (end < _xml.Length && _xml[end] == (byte)'>' && XmlByteSearch.Equal(_xml.Slice(_pos, open.Length), _xml.Slice(open.Start, open.Length)))
        {
            _pos = end + 1;
        }
        else
        {
            EndTagTheLongWay(at);
        }
        _declared.Count = _open.TopMark;
        _open.Count--;
        Left(_open.Count + 1);
    }

    private void EndTagTheLongWay(int at)
    {
        if (_pos >= _xml.Length || !IsNameStart(_pos))
        {
            throw Malformed("an end tag without a name", at);
        }
        // No qualified-name check of its own: it must equal the start tag's name, which had one.
        var name = Name();
        SkipSpace();
        Expect((byte)'>', "'>' to close an end tag");
        if (!Same(_open.Top, name))
        {
            throw Malformed($"the end tag '{Text(name)}' does not match the start tag '{Text(_open.Top)}'", at);
        }
    }

    /// <summary>Keeps the local names of the first levels, and starts capturing the text of an element a fact comes from.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Entered(int depth, (int Start, int Length) local, bool formCode, string? systemCode, string? schemaVersion)
    {
        switch (depth)
        {
            case 1:
                _level1 = local;
                EnteredRoot(local);
                break;
            case 2:
                _level2 = local;
                _attachment |= Is(local, "Zalacznik"u8);
                _section = Is(_level1, "Faktura"u8) ? SectionOf(local) : Section.None;
                break;
            case 3:
                _level3 = local;
                _attachment |= _pef && Is(_level2, "AdditionalDocumentReference"u8) && Is(local, "Attachment"u8);
                break;
            case 4:
                _level4 = local;
                break;
        }
        if (_capturing != Fact.None)
        {
            return;
        }
        var fact = _pef ? PefFact(depth, local)
            : _section == Section.None || depth is < 3 or > 4 ? Fact.None
            : formCode ? Fact.FormCode
            : depth == 3 ? _section switch
            {
                Section.Invoice => Is(local, "P_1"u8) ? Fact.IssueDate : Is(local, "P_2"u8) ? Fact.Number : Fact.None,
                Section.RrInvoice => Is(local, "P_4B"u8) ? Fact.IssueDate : Is(local, "P_4C"u8) ? Fact.Number : Fact.None,
                _ => Fact.None,
            }
            : _section is not (Section.Seller or Section.OtherParty) || !Is(_level3, "DaneIdentyfikacyjne"u8) ? Fact.None
            : _section == Section.Seller ? (Is(local, "NIP"u8) ? Fact.Seller : Fact.None)
            : _otherParties is not null && IsOtherPartyIdentifier(local) ? Fact.OtherParty
            : Fact.None;
        if (fact == Fact.None || (!_pef && AlreadyRead(fact)))
        {
            return;
        }
        if (fact == Fact.FormCode)
        {
            _systemCode = systemCode;
            _schemaVersion = schemaVersion;
        }
        _capturing = fact;
        _captureDepth = depth;
        _pieceLength = -1;
        _captured = null;
    }

    /// <summary>
    /// Whether an FA or RR invoice's fact was read already: the first of each counts, as the emulator reads it. The form's
    /// XSD allows one of each, so KSeF refuses such an invoice; skipping the XSD check must not let a second change the links.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly bool AlreadyRead(Fact fact) => fact switch
    {
        Fact.FormCode => _formValue is not null,
        Fact.Seller => _seller is not null,
        Fact.IssueDate => _issued is not null,
        Fact.Number => _number is not null,
        _ => false,
    };

    /// <summary>The part of an FA or RR invoice that the root's child <paramref name="local"/> begins, if a fact comes from it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private readonly Section SectionOf((int Start, int Length) local) =>
        Is(local, "Fa"u8) ? Section.Invoice
        : Is(local, "Naglowek"u8) ? Section.Header
        : Is(local, "Podmiot1"u8) ? Section.Seller
        : OtherPartyElement(local) is not null ? Section.OtherParty
        : Is(local, "FakturaRR"u8) ? Section.RrInvoice
        : Section.None;

    /// <summary>A UBL Invoice is a PEF (3) invoice and a UBL CreditNote its correction, PEF_KOR (3): the root says which form.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void EnteredRoot((int Start, int Length) local)
    {
        var invoice = Is(local, "Invoice"u8);
        _pef = invoice || Is(local, "CreditNote"u8);
        if (_pef)
        {
            (_systemCode, _schemaVersion, _formValue) = (invoice ? "PEF (3)" : "PEF_KOR (3)", "2-1", "PEF");
        }
    }

    /// <summary>Whether the element (under DaneIdentyfikacyjne) is the identifier of an <see cref="InvoiceParty"/>.</summary>
    private readonly bool IsOtherPartyIdentifier((int Start, int Length) local) =>
        OtherPartyElement(_level2) is { } element && (Is(local, "NIP"u8) || (element == "Podmiot3" && Is(local, "IDWew"u8)));

    /// <summary>The party a child of the root names, if it is one whose identifiers KSeF checks besides the seller's.</summary>
    private readonly string? OtherPartyElement((int Start, int Length) part) =>
        Is(part, "Podmiot2"u8) ? "Podmiot2" : Is(part, "Podmiot3"u8) ? "Podmiot3" : Is(part, "PodmiotUpowazniony"u8) ? "PodmiotUpowazniony" : null;

    /// <summary>
    /// A PEF invoice's facts: its ID and IssueDate under the root (the first of each counts), and the seller's NIP from the
    /// best-ranked of the supplier's registrations that is Polish.
    /// </summary>
    private Fact PefFact(int depth, (int Start, int Length) local)
    {
        if (depth == 2)
        {
            return _number is null && Is(local, "ID"u8) ? Fact.Number
                : _issued is null && Is(local, "IssueDate"u8) ? Fact.IssueDate
                : Fact.None;
        }
        _captureRank = SupplierRegistrationRank(depth, local);
        return _captureRank >= 0 && _captureRank < _sellerRank ? Fact.Seller : Fact.None;
    }

    /// <summary>
    /// Where a UBL supplier (AccountingSupplierParty/Party) may carry its Polish VAT number, most telling first: its VAT
    /// registration (PartyTaxScheme/CompanyID), its legal entity's CompanyID (where the official client's PEF samples put
    /// the NIP, beside a foreign VAT registration), its Peppol endpoint (EndpointID), a PartyIdentification/ID; -1 for any
    /// other element. The emulator reads the seller in the same order.
    /// </summary>
    private readonly int SupplierRegistrationRank(int depth, (int Start, int Length) local) =>
        depth is < 4 or > 5 || !Is(_level2, "AccountingSupplierParty"u8) || !Is(_level3, "Party"u8) ? -1
        : depth == 4 ? (Is(local, "EndpointID"u8) ? 2 : -1)
        : Is(local, "CompanyID"u8) && Is(_level4, "PartyTaxScheme"u8) ? 0
        : Is(local, "CompanyID"u8) && Is(_level4, "PartyLegalEntity"u8) ? 1
        : Is(local, "ID"u8) && Is(_level4, "PartyIdentification"u8) ? 3
        : -1;

    /// <summary>A registration written PL and ten digits, or the ten digits alone, is Polish: its digits are the seller's NIP.</summary>
    private void TakeSupplierRegistration(string registration)
    {
        var digits = registration.StartsWith("PL", StringComparison.Ordinal) ? registration[2..] : registration;
        if (digits.Length == 10 && digits.AsSpan().IndexOfAnyExceptInRange('0', '9') < 0)
        {
            _seller = digits;
            _sellerRank = _captureRank;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Left(int depth)
    {
        if (_capturing != Fact.None && depth == _captureDepth)
        {
            TakeCaptured();
        }
    }

    /// <summary>The fact being captured, now that its element has ended.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void TakeCaptured()
    {
        var text = _captured is not null ? _captured.ToString().Trim(' ', '\t', '\r', '\n')
            : _pieceLength < 0 ? ""
            : LineEnds(Encoding.UTF8.GetString(TrimmedSpace(_xml.Slice(_pieceStart, _pieceLength))));
        switch (_capturing)
        {
            case Fact.FormCode:
                _formValue = text;
                break;
            case Fact.Seller when _pef:
                TakeSupplierRegistration(text);
                break;
            case Fact.Seller:
                _seller = text;
                break;
            case Fact.IssueDate:
                _issued = text;
                break;
            case Fact.OtherParty:
                _otherParties!.Add(new InvoiceParty(OtherPartyElement(_level2)!, text, InternalId: Is(_level4, "IDWew"u8)));
                break;
            default:
                _number = text;
                break;
        }
        _capturing = Fact.None;
        _captured = null;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Capture(string decoded)
    {
        if (_capturing != Fact.None)
        {
            Gathered().Append(decoded);
        }
    }

    /// <summary>Text taken as it stands (character data, CDATA), kept only when a fact is being captured.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Capture(int start, int length)
    {
        if (_capturing == Fact.None)
        {
            return;
        }
        if (_captured is null && _pieceLength < 0)
        {
            (_pieceStart, _pieceLength) = (start, length);
        }
        else
        {
            Gathered().Append(LineEnds(Text((start, length))));
        }
    }

    /// <summary>The captured text so far, decoded, to add a piece to.</summary>
    private StringBuilder Gathered()
    {
        if (_captured is null)
        {
            _captured = new StringBuilder();
            if (_pieceLength >= 0)
            {
                _captured.Append(LineEnds(Text((_pieceStart, _pieceLength))));
            }
        }
        return _captured;
    }

    /// <summary>A quoted attribute value; decoded (references resolved, white space made spaces) only where it is read.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private string? AttributeValue(bool decode)
    {
        if (_pos >= _xml.Length || _xml[_pos] is not ((byte)'"' or (byte)'\''))
        {
            throw Malformed("an attribute value must be in quotes", _pos);
        }
        var quote = _xml[_pos++];
        StringBuilder? value = null;
        while (true)
        {
            var next = XmlByteSearch.IndexOfAny(_xml[_pos..], quote, (byte)'<', (byte)'&');
            if (next < 0)
            {
                throw Malformed("an attribute value is not closed", _pos);
            }
            var piece = _xml.Slice(_pos, next);
            _pos += next;
            switch (_xml[_pos])
            {
                case (byte)'<':
                    throw Malformed("'<' is not allowed in an attribute value", _pos);
                case (byte)'&':
                    var decoded = Reference();
                    if (decode)
                    {
                        (value ??= new StringBuilder()).Append(Normalized(piece)).Append(decoded);
                    }
                    break;
                default:
                    _pos++;
                    return !decode ? null : value is null ? Normalized(piece) : value.Append(Normalized(piece)).ToString();
            }
        }
    }

    /// <summary>Attribute text as XML reads it: tabs and line ends become spaces.</summary>
    private static string Normalized(ReadOnlySpan<byte> raw) => LineEnds(Encoding.UTF8.GetString(raw)).Replace('\t', ' ').Replace('\n', ' ');

    /// <summary>
    /// Line ends as XML reads the text written in a document (CR LF and a lone CR become LF); not applied to character
    /// references, which stand for themselves.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static string LineEnds(string written) => written.Contains('\r') ? written.Replace("\r\n", "\n").Replace('\r', '\n') : written;

    /// <summary>One of XML's five named entities or a character reference; anything else was never declared.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private string Reference()
    {
        var at = _pos;
        var end = XmlByteSearch.IndexOf(_xml[_pos..], (byte)';');
        if (end < 2)
        {
            throw Malformed("'&' that begins no entity or character reference", at);
        }
        var body = _xml.Slice(_pos + 1, end - 1);
        _pos += end + 1;
        if (body[0] != (byte)'#')
        {
            return body.SequenceEqual("lt"u8) ? "<"
                : body.SequenceEqual("gt"u8) ? ">"
                : body.SequenceEqual("amp"u8) ? "&"
                : body.SequenceEqual("apos"u8) ? "'"
                : body.SequenceEqual("quot"u8) ? "\""
                : throw Malformed($"the entity '&{Encoding.UTF8.GetString(body)};' is not declared", at);
        }
        var hex = body.Length > 1 && body[1] == (byte)'x';
        var digits = body[(hex ? 2 : 1)..];
        var code = 0;
        foreach (var digit in digits)
        {
            var value = digit is >= (byte)'0' and <= (byte)'9' ? digit - '0'
                : hex && digit is >= (byte)'a' and <= (byte)'f' ? digit - 'a' + 10
                : hex && digit is >= (byte)'A' and <= (byte)'F' ? digit - 'A' + 10
                : -1;
            if (value < 0 || code > 0x10FFFF)
            {
                throw Malformed("a character reference that is not a number", at);
            }
            code = code * (hex ? 16 : 10) + value;
        }
        if (digits.IsEmpty || !IsXmlChar(code))
        {
            throw Malformed("a character reference to a character XML does not allow", at);
        }
        RefuseDiscouraged(code, at);
        return char.ConvertFromUtf32(code);
    }

    private void Comment()
    {
        var at = _pos;
        _pos += 4;
        var end = _xml[_pos..].IndexOf("--"u8);
        if (end < 0)
        {
            throw Malformed("a comment is not closed", at);
        }
        _pos += end;
        if (!At("-->"u8))
        {
            throw Malformed("'--' is not allowed inside a comment", _pos);
        }
        _pos += 3;
    }

    private void CData()
    {
        var at = _pos;
        _pos += 9;
        var end = _xml[_pos..].IndexOf("]]>"u8);
        if (end < 0)
        {
            throw Malformed("a CDATA section is not closed", at);
        }
        Capture(_pos, end);
        _pos += end + 3;
    }

    private void ProcessingInstruction()
    {
        var at = _pos;
        _pos += 2;
        if (_pos < _xml.Length && IsNameStart(_pos))
        {
            var target = Text(Name());
            if (target.Equals("xml", StringComparison.OrdinalIgnoreCase))
            {
                throw Malformed("the XML declaration must come first", at);
            }
            throw new InvoiceXmlProblem(InvoiceXmlProblem.Kind.ProcessingInstruction, target, at);
        }
        throw Malformed("'<?' that begins no processing instruction", at);
    }

    /// <summary>&lt;?xml version="1.0" encoding="…" standalone="…"?&gt;, in that order; only UTF-8 is accepted.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void XmlDeclaration()
    {
        _pos = 5;
        string? version = null;
        var order = 0;
        while (true)
        {
            var spaced = SkipSpace();
            if (At("?>"u8))
            {
                _pos += 2;
                break;
            }
            if (!spaced || _pos >= _xml.Length || !IsNameStart(_pos))
            {
                throw Malformed("the XML declaration is not written as <?xml version=\"1.0\" …?>", _pos);
            }
            var at = _pos;
            var name = Text(Name());
            SkipSpace();
            Expect((byte)'=', "'=' in the XML declaration");
            SkipSpace();
            var value = AttributeValue(decode: true)!;
            var place = name switch
            {
                "version" => 1,
                "encoding" => 2,
                "standalone" => 3,
                _ => throw Malformed($"'{name}' does not belong in the XML declaration", at),
            };
            if (place <= order)
            {
                throw Malformed("the XML declaration's version, encoding and standalone come once each, in that order", at);
            }
            order = place;
            switch (name)
            {
                case "version":
                    version = value;
                    break;
                case "encoding" when !value.Equals("UTF-8", StringComparison.OrdinalIgnoreCase):
                    throw new InvoiceXmlProblem(InvoiceXmlProblem.Kind.Encoding, value, at);
                case "standalone" when value is not ("yes" or "no"):
                    throw Malformed("standalone is 'yes' or 'no'", at);
            }
        }
        if (version != "1.0")
        {
            throw Malformed(version is null ? "the XML declaration has no version" : $"the XML version '{version}' is not 1.0", 0);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private readonly bool IsNamespaceDeclaration((int Start, int Length) attribute) =>
        Is(attribute, "xmlns"u8) || (attribute.Length >= 6 && Is((attribute.Start, 6), "xmlns:"u8));

    /// <summary>
    /// A namespace declaration as Namespaces in XML 1.0 allows it: the prefix xmlns is never declared, xml only to its own
    /// namespace, no other prefix nor the default namespace to either of theirs, and a prefix never to nothing (XML 1.0
    /// cannot undeclare one).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Declare((int Start, int Length) attribute, string uri)
    {
        var isDefault = attribute.Length == 5;
        var prefix = (attribute.Start + 6, attribute.Length - 6);
        var xmlPrefix = !isDefault && Is(prefix, "xml"u8);
        if ((!isDefault && (Is(prefix, "xmlns"u8) || uri.Length == 0)) || xmlPrefix != (uri == XmlNamespace) || uri == XmlnsNamespace)
        {
            throw Malformed($"the namespace declaration '{Text(attribute)}' is not allowed", attribute.Start);
        }
        if (isDefault || xmlPrefix)
        {
            return;
        }
        if (_declared.Count == MaxDeclarations)
        {
            throw new InvoiceXmlProblem(InvoiceXmlProblem.Kind.TooComplex, $"more than {MaxDeclarations} namespace prefixes declared at once", attribute.Start);
        }
        _declared.Push(prefix, 0);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly void RequireDeclared((int Start, int Length) name, int colon)
    {
        if (colon >= 0)
        {
            RequirePrefixDeclared(name, colon);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private readonly void RequirePrefixDeclared((int Start, int Length) name, int colon)
    {
        var prefix = (name.Start, colon);
        if (Is(prefix, "xml"u8))
        {
            return;
        }
        for (var i = 0; i < _declared.Count; i++)
        {
            if (Same(_declared[i], prefix))
            {
                return;
            }
        }
        throw Malformed($"the prefix '{Text(prefix)}' is not declared", name.Start);
    }

    /// <summary>An XML name.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private (int Start, int Length) Name()
    {
        var start = _pos;
        while (true)
        {
            // ASCII runs in one vectorized step: byte by byte, names were a third of the whole scan.
            var stop = XmlByteSearch.IndexOfAnyExceptAsciiNameChar(_xml[_pos..]);
            if (stop < 0)
            {
                _pos = _xml.Length;
                break;
            }
            _pos += stop;
            if (_xml[_pos] < 0x80
                || Rune.DecodeFromUtf8(_xml[_pos..], out var rune, out var length) != OperationStatus.Done
                || !IsNonAsciiNameChar(rune.Value))
            {
                break;
            }
            _pos += length;
        }
        return (start, _pos - start);
    }

    /// <summary>
    /// A name with namespaces: at most one colon, neither first nor last, and what follows it a name of its own (its first
    /// character one that may begin a name: "p:1a" and "xmlns:-p" are not qualified names). <paramref name="colon"/> is
    /// where it is in the name (-1 for none), found in the one pass that checks it, for the prefix and the local part.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private (int Start, int Length) QualifiedName(out int colon)
    {
        var name = Name();
        var text = _xml.Slice(name.Start, name.Length);
        colon = -1;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == (byte)':')
            {
                if (colon >= 0)
                {
                    colon = 0; // a second colon: as invalid as one at the start
                    break;
                }
                colon = i;
            }
        }
        if (colon == 0 || colon == text.Length - 1 || (colon > 0 && !IsNameStart(name.Start + colon + 1)))
        {
            throw Malformed($"'{Text(name)}' is not a valid qualified name", name.Start);
        }
        return name;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private readonly bool IsNameStart(int at)
    {
        var b = _xml[at];
        if (b < 0x80)
        {
            return IsAsciiNameStart(b);
        }
        return Rune.DecodeFromUtf8(_xml[at..], out var rune, out _) == OperationStatus.Done && IsNonAsciiNameStart(rune.Value);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsAsciiNameStart(byte b) => b is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or (byte)'_' or (byte)':';

    // Name characters beyond ASCII as .NET's XmlReader reads them: XML 1.0's fourth-edition character classes, nothing
    // beyond the first plane. The fifth edition allows some 19,000 more (U+0132, U+FFFD, U+1F600…); a parser that keeps
    // to the fourth refuses such a name, so it is refused here before KSeF sees it. No form has one. Not inlined, so that
    // System.Xml is reached only by an invoice that has one.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool IsNonAsciiNameStart(int c) => c <= char.MaxValue && XmlConvert.IsStartNCNameChar((char)c);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool IsNonAsciiNameChar(int c) => c <= char.MaxValue && XmlConvert.IsNCNameChar((char)c);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool IsXmlChar(int c) =>
        c is 0x9 or 0xA or 0xD or >= 0x20 and <= 0xD7FF or >= 0xE000 and <= 0xFFFD or >= 0x10000 and <= 0x10FFFF;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n';

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static ReadOnlySpan<byte> TrimmedSpace(ReadOnlySpan<byte> text)
    {
        var start = 0;
        var end = text.Length;
        while (start < end && IsSpace(text[start]))
        {
            start++;
        }
        while (end > start && IsSpace(text[end - 1]))
        {
            end--;
        }
        return text[start..end];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool SkipSpace()
    {
        var start = _pos;
        while (_pos < _xml.Length && IsSpace(_xml[_pos]))
        {
            _pos++;
        }
        return _pos > start;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Expect(byte expected, string what)
    {
        if (_pos >= _xml.Length || _xml[_pos] != expected)
        {
            throw Malformed($"expected {what}", _pos);
        }
        _pos++;
    }

    private readonly bool At(ReadOnlySpan<byte> text) => _xml.Length - _pos >= text.Length && XmlByteSearch.Equal(_xml.Slice(_pos, text.Length), text);

    private readonly bool Is((int Start, int Length) name, ReadOnlySpan<byte> text) => XmlByteSearch.Equal(_xml.Slice(name.Start, name.Length), text);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private readonly bool Same((int Start, int Length) a, (int Start, int Length) b) =>
        XmlByteSearch.Equal(_xml.Slice(a.Start, a.Length), _xml.Slice(b.Start, b.Length));

    private readonly string Text((int Start, int Length) name) => Encoding.UTF8.GetString(_xml.Slice(name.Start, name.Length));

    private static InvoiceXmlProblem Malformed(string why, int offset) => new(InvoiceXmlProblem.Kind.Malformed, why, offset);

    /// <summary>Names as (start, length) in the bytes, each with a number (an open element's mark in the declared prefixes, an attribute's colon).</summary>
    private sealed class NameStack(int capacity)
    {
        private int[] _starts = new int[capacity], _lengths = new int[capacity], _marks = new int[capacity];

        public int Count { get; set; }

        public int Capacity => _starts.Length;

        public (int Start, int Length) this[int index] => (_starts[index], _lengths[index]);

        public (int Start, int Length) Top => this[Count - 1];

        public int TopMark => _marks[Count - 1];

        public int MarkAt(int index) => _marks[index];

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Push((int Start, int Length) name, int mark)
        {
            if (Count == _starts.Length)
            {
                _starts = Grown(_starts);
                _lengths = Grown(_lengths);
                _marks = Grown(_marks);
            }
            _starts[Count] = name.Start;
            _lengths[Count] = name.Length;
            _marks[Count++] = mark;
        }

        private static int[] Grown(int[] items)
        {
            var grown = new int[items.Length * 2];
            Array.Copy(items, grown, items.Length);
            return grown;
        }
    }
}
