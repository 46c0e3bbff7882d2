namespace KsefPS.Core.Peppol;

/// <summary>A Peppol service provider KSeF has registered (it registers itself by its first login in its PeppolId context).</summary>
/// <param name="PeppolId">Its id (PPL123456): the subject a company authorizes with PefInvoicing, the context it logs in to.</param>
/// <param name="Valid">Whether the id has the shape KSeF gives (P, two capital letters, six digits).</param>
public sealed record PeppolProvider(string PeppolId, string Name, DateTimeOffset? DateCreated, bool Valid);
