using KsefPS.Core.Invoices;

namespace KsefPS.Infrastructure;

/// <summary>
/// Accepts KSeF's own names of the subject types as the API and its documentation write them (Subject1 the seller,
/// Subject2 the buyer, Subject3 a third subject, SubjectAuthorized the authorized subject), beside the module's words.
/// </summary>
public sealed class SubjectTypeTransformationAttribute : TextTransformationAttribute
{
    protected override object? FromWord(string word) => word switch
    {
        "subject1" => SubjectType.Seller,
        "subject2" => SubjectType.Buyer,
        "subject3" => SubjectType.Third,
        "subjectauthorized" => SubjectType.Authorized,
        _ => null,
    };
}
