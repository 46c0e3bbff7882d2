namespace KsefPS.Core.Invoices.Sending;

/// <summary>Where one part goes: the method, pre-signed link and headers KSeF gave for it.</summary>
public sealed record PartUpload(EncryptedPart Part, HttpMethod Method, Uri Url, IReadOnlyDictionary<string, string> Headers);
