using System.Globalization;

namespace KsefPS.Emulator.Infrastructure;

/// <summary>
/// The sentences KSeF's request validator puts in a 21405's details, as the official Java client's tests read them
/// ("'pageSize' must be between 10 and 250. You entered 5.").
/// </summary>
public static class ValidatorWords
{
    public static string Between(string name, long from, long to, string entered) =>
        string.Create(CultureInfo.InvariantCulture, $"'{name}' must be between {from} and {to}. You entered {entered}.");

    public static string AtLeast(string name, long least) => string.Create(CultureInfo.InvariantCulture, $"'{name}' must be greater than or equal to '{least}'.");

    public static string AtMost(string name, long most) => string.Create(CultureInfo.InvariantCulture, $"'{name}' must be less than or equal to '{most}'.");

    public static string NotEmpty(string name) => $"'{name}' must not be empty.";

    public static string NotANumber(string name, string entered) => $"The value '{entered}' is not valid for {name}.";
}
