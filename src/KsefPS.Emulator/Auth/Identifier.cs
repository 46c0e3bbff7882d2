namespace KsefPS.Emulator.Auth;

public sealed record Identifier(string Type, string Value)
{
    /// <summary>The NIP a context belongs to: the whole of a Nip, the first part of an InternalId or NipVatUe.</summary>
    public string Nip => Value.Length >= 10 ? Value[..10] : Value;

    /// <summary>The subject ("Type:Value") an access token carries in its sud claim.</summary>
    public static Identifier Parse(string typeAndValue)
    {
        var parts = typeAndValue.Split(':', 2);
        return new Identifier(parts[0], parts.Length > 1 ? parts[1] : "");
    }

    public override string ToString() => $"{Type}:{Value}";
}
