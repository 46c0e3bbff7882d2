using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using KsefPS.Core.Errors;

namespace KsefPS.Core.Api;

/// <summary>
/// Values an answer of KSeF's must carry, found by their path of property names. One that is missing, null or of
/// another JSON kind fails the call as <see cref="ErrorIds.KsefAnswerInvalid"/> naming the property, not as a .NET
/// exception from deep inside the engine: KSeF's answers are untrusted. Optional values are read with
/// <see cref="AnswerValues"/>.
/// </summary>
internal static class RequiredValues
{
    private static JsonNode Node(JsonNode? answer, params string[] path) => AnswerValues.At(answer, path) ?? throw Missing(path, "is missing");

    public static JsonObject Object(JsonNode? answer, params string[] path) =>
        Node(answer, path) as JsonObject ?? throw Missing(path, "is not an object");

    public static string Text(JsonNode? answer, params string[] path) =>
        AnswerValues.Text(Node(answer, path)) ?? throw Missing(path, "is not text");

    public static int Number(JsonNode? answer, params string[] path) =>
        AnswerValues.Number(Node(answer, path)) ?? throw Missing(path, "is not a whole number");

    public static long LongNumber(JsonNode? answer, params string[] path) =>
        AnswerValues.LongNumber(Node(answer, path)) ?? throw Missing(path, "is not a whole number");

    public static bool Flag(JsonNode? answer, params string[] path) =>
        AnswerValues.Flag(Node(answer, path)) ?? throw Missing(path, "is not true or false");

    /// <summary>A date-time; one without an offset is UTC (as <see cref="AnswerValues.Date"/>).</summary>
    public static DateTimeOffset Date(JsonNode? answer, params string[] path) =>
        AnswerValues.Date(Node(answer, path)) ?? throw Missing(path, "is not a date and time");

    public static DateOnly Day(JsonNode? answer, params string[] path) =>
        DateOnly.TryParse(Text(answer, path), CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : throw Missing(path, "is not a date");

    private static byte[] Base64(JsonNode? answer, params string[] path)
    {
        var text = Text(answer, path);
        var bytes = new byte[text.Length * 3 / 4 + 3];
        return Convert.TryFromBase64String(text, bytes, out var written) ? bytes[..written] : throw Missing(path, "is not Base64");
    }

    /// <summary>A DER certificate in Base64.</summary>
    public static X509Certificate2 Certificate(JsonNode? answer, params string[] path)
    {
        try
        {
            return new X509Certificate2(Base64(answer, path));
        }
        catch (CryptographicException)
        {
            throw Missing(path, "is not a certificate");
        }
    }

    /// <summary>A list that must be there (an empty one KSeF may leave out is read with <see cref="AnswerValues.Items"/>).</summary>
    public static JsonArray List(JsonNode? answer, params string[] path) =>
        Node(answer, path) as JsonArray ?? throw Missing(path, "is not a list");

    /// <summary>
    /// The objects of a list KSeF may leave out when it is empty (as <see cref="AnswerValues.Items"/>); an entry that is
    /// not an object fails the call, as passing over it would lose, say, an invoice.
    /// </summary>
    public static IEnumerable<JsonObject> Entries(JsonNode? list, string name) =>
        AnswerValues.Items(list).Select(entry => entry as JsonObject ?? throw Missing([name], "holds an entry that is not an object"));

    private static KsefException Missing(string[] path, string what) =>
        new(ErrorIds.KsefAnswerInvalid, KsefErrorKind.InvalidData,
            $"KSeF's answer cannot be read: {(path.Length == 0 ? "it" : $"'{string.Join('.', path)}'")} {what}.");
}
