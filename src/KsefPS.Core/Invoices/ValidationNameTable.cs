using System.Xml;

namespace KsefPS.Core.Invoices;

/// <summary>
/// The name table each thread's schema validation reads with. A reader without one makes its own, so every document
/// allocated its element and attribute names again (a fifth of what the XSD check allocated for an invoice). A table is
/// not safe across threads, hence one for each; it is replaced after it has served <see cref="BytesPerTable"/> bytes of
/// documents, because it keeps every name it was given, and PEF's open extension points let a valid document bring any.
/// </summary>
internal static class ValidationNameTable
{
    private const long BytesPerTable = 4 * 1024 * 1024;

    [ThreadStatic] private static NameTable? _table;
    [ThreadStatic] private static long _served;

    public static NameTable For(int documentLength)
    {
        _served += documentLength;
        if (_table is null || _served > BytesPerTable)
        {
            _table = new NameTable();
            _served = documentLength;
        }
        return _table;
    }
}
