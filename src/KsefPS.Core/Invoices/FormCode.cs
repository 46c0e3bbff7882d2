namespace KsefPS.Core.Invoices;

/// <summary>An invoice structure KSeF accepts in an online session (BRIEF §7.2), and its schema when we have it.</summary>
public sealed record FormCode(string SystemCode, string SchemaVersion, string Value)
{
    public static readonly IReadOnlyList<FormCode> Known =
    [
        new("FA (2)", "1-0E", "FA"), new("FA (3)", "1-0E", "FA"), new("PEF (3)", "2-1", "PEF"), new("PEF_KOR (3)", "2-1", "PEF"), new("FA_RR (1)", "1-1E", "FA_RR"),
    ];

    /// <summary>The embedded XSD that checks this form, or null for a form KsefPS does not know.</summary>
    public string? SchemaResource => SystemCode switch
    {
        "FA (2)" => "KsefPS.Schemas.schemat_FA(2)_v1-0E.xsd",
        "FA (3)" => "KsefPS.Schemas.schemat_FA(3)_v1-0E.xsd",
        "PEF (3)" => "KsefPS.Schemas.Schemat_PEF(3)_v2-1.xsd",
        "PEF_KOR (3)" => "KsefPS.Schemas.Schemat_PEF_KOR(3)_v2-1.xsd",
        "FA_RR (1)" => "KsefPS.Schemas.schemat_FA_RR(1)_v1-1E.xsd",
        _ => null,
    };

    /// <summary>Whether a batch session takes this form (BRIEF §7.7: FA (2), FA (3), FA_RR (1)); the rest go online.</summary>
    public bool TakenInBatch => SystemCode is "FA (2)" or "FA (3)" or "FA_RR (1)";

    public override string ToString() => SystemCode;
}
