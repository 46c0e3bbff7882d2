using KsefPS.Core.Environments;
using KsefPS.Core.Errors;

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

    /// <summary>
    /// Whether KSeF takes this form in <paramref name="environment"/> (BRIEF §1): TEST takes FA (2) too, Demo and
    /// production FA (3) and the PEF forms, FA (2) no longer. A form that table does not name (FA_RR (1)) is left to KSeF.
    /// </summary>
    public bool TakenIn(KsefEnvironment environment) => environment == KsefEnvironment.Test || SystemCode != "FA (2)";

    /// <summary>InvoiceFormNotAccepted for the invoice at <paramref name="path"/> unless KSeF takes this form in <paramref name="environment"/>.</summary>
    public void RequireTakenIn(KsefEnvironment environment, string path, string nothingDone)
    {
        if (!TakenIn(environment))
        {
            throw new KsefException(ErrorIds.InvoiceFormNotAccepted, KsefErrorKind.InvalidData,
                $"'{path}' is an {SystemCode} invoice, which KSeF takes on TEST only: {environment} takes FA (3). {nothingDone}", path);
        }
    }

    public override string ToString() => SystemCode;
}
