using KsefPS.Emulator.Auth;
using KsefPS.Emulator.Infrastructure;

namespace KsefPS.Emulator.Invoices;

/// <summary>
/// Every accepted invoice, in the order of its permanent-storage date, which only grows: an invoice becomes visible once
/// that date has passed, so "now" is always a valid high-water mark (BRIEF §8.4).
/// </summary>
public sealed class InvoiceRepository
{
    private readonly object _gate = new();
    private readonly List<StoredInvoice> _byStorage = [];
    private readonly Dictionary<string, StoredInvoice> _byNumber = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, StoredInvoice> _byHash = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Seller, string Type, string Number), StoredInvoice> _originals = [];
    private readonly HashSet<string> _rejectedOffline = [];
    private readonly Dictionary<string, StoredInvoice> _corrections = [];
    private DateTimeOffset _lastStorage = DateTimeOffset.MinValue;

    /// <summary>An invoice declared offline that KSeF rejected: it may be replaced by a technical correction.</summary>
    public void NoteRejectedOffline(string hash)
    {
        lock (_gate)
        {
            _rejectedOffline.Add(hash);
        }
    }

    /// <summary>
    /// Why a technical correction of <paramref name="correctedHash"/> cannot be taken (docs offline/korekta-techniczna.md):
    /// 21166 when the invoice already has an accepted correction, 21167 when it is not a rejected offline invoice.
    /// </summary>
    public (int Code, string Description, string Detail)? RefuseCorrection(string correctedHash, bool offlineMode)
    {
        lock (_gate)
        {
            if (!offlineMode)
            {
                return (Errors.InvalidInputCode, Errors.InvalidInputDescription, "A technical correction (hashOfCorrectedInvoice) must be sent with offlineMode true.");
            }
            if (_corrections.ContainsKey(correctedHash))
            {
                return (21166, "Korekta techniczna niedostępna.", "Faktura posiada już przetworzoną prawidłowo korektę techniczną.");
            }
            if (!_rejectedOffline.Contains(correctedHash))
            {
                return (21167, "Status faktury nie pozwala na korektę techniczną.", "Nie można wysłać korekty technicznej do prawidłowo przetworzonej faktury.");
            }
            return null;
        }
    }

    /// <summary>Stores the invoice with a KSeF number; it is visible once <paramref name="processing"/> has passed.</summary>
    public StoredInvoice Accept(byte[] content, string hash, InvoiceContent facts, InvoiceSchemas.Form form, string mode, DateTimeOffset invoicingDate,
        TimeSpan processing, string? sessionReference, string? hashOfCorrected, out StoredInvoice? duplicateOf, bool selfInvoicing = false)
    {
        lock (_gate)
        {
            duplicateOf = _originals.GetValueOrDefault((facts.SellerNip, facts.InvoiceType, facts.InvoiceNumber));
            if (duplicateOf is not null)
            {
                return duplicateOf;
            }
            var ready = DateTimeOffset.UtcNow + processing;
            var storage = ready > _lastStorage ? ready : _lastStorage.AddTicks(1);
            _lastStorage = storage;
            var invoice = new StoredInvoice
            {
                KsefNumber = NewKsefNumber(facts.SellerNip, invoicingDate),
                Content = content,
                Hash = hash,
                Facts = facts,
                Form = form,
                InvoicingMode = mode,
                InvoicingDate = invoicingDate,
                AcquisitionDate = storage,
                PermanentStorageDate = storage,
                SessionReference = sessionReference,
                HashOfCorrectedInvoice = hashOfCorrected,
                IsSelfInvoicing = selfInvoicing,
            };
            _byStorage.Add(invoice);
            _byNumber[invoice.KsefNumber] = invoice;
            _byHash.TryAdd(hash, invoice);
            _originals[(facts.SellerNip, facts.InvoiceType, facts.InvoiceNumber)] = invoice;
            if (hashOfCorrected is not null)
            {
                _corrections[hashOfCorrected] = invoice;
            }
            return invoice;
        }
    }

    /// <summary>What a context may see right now, and the high-water mark that goes with it.</summary>
    public (IReadOnlyList<StoredInvoice> Invoices, DateTimeOffset HighWaterMark) Visible()
    {
        lock (_gate)
        {
            var now = DateTimeOffset.UtcNow;
            var end = _byStorage.FindLastIndex(i => i.PermanentStorageDate <= now);
            return (_byStorage.GetRange(0, end + 1), now);
        }
    }

    public StoredInvoice? Find(string ksefNumber)
    {
        lock (_gate)
        {
            return _byNumber.GetValueOrDefault(ksefNumber) is { } invoice && invoice.PermanentStorageDate <= DateTimeOffset.UtcNow ? invoice : null;
        }
    }

    /// <summary>The visible invoice whose bytes have this SHA-256 (Base64), as a scanned KOD I looks it up.</summary>
    public StoredInvoice? FindByHash(string hash)
    {
        lock (_gate)
        {
            return _byHash.GetValueOrDefault(hash) is { } invoice && invoice.PermanentStorageDate <= DateTimeOffset.UtcNow ? invoice : null;
        }
    }

    /// <summary>Whether the context is the seller, the buyer, a third subject or the authorized subject of the invoice.</summary>
    public static bool Concerns(StoredInvoice invoice, Identifier context)
    {
        var nip = context.Nip;
        var facts = invoice.Facts;
        return facts.SellerNip == nip || facts.BuyerIdentifier == nip || facts.NamesThirdSubject(context) || facts.Authorized?.Nip == nip;
    }

    private static string NewKsefNumber(string sellerNip, DateTimeOffset invoicingDate)
    {
        var technical = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(6));
        var body = $"{sellerNip}-{Infrastructure.PolishTime.DateOf(invoicingDate):yyyyMMdd}-{technical}";
        return $"{body}-{Crc8.Compute(body):X2}";
    }
}
