using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using KsefPS.Core.Certificates;
using KsefPS.Core.Environments;
using KsefPS.Core.Errors;
using KsefPS.Core.Identifiers;
using KsefPS.Core.Security;
using KsefPS.Core.Store;

namespace KsefPS.Core.Offline;

/// <summary>
/// Protects invoices for offline issue: reads each invoice's facts, builds KOD I and a signed KOD II for the Offline
/// certificate's environment, optionally writes both QR images, and computes the sending deadline. Safe to call from many
/// threads at once: each thread signs with its own key object.
/// </summary>
public sealed class OfflineProtector : IDisposable
{
    private readonly byte[] _pkcs8;
    private readonly ThreadLocal<AsymmetricAlgorithm> _keys;
    private readonly AsymmetricAlgorithm? _held;
    private readonly Uri _qrBase;
    private readonly bool _nipControlDigit;
    private DeadlineOfDay? _lastDeadline;

    /// <summary>The deadline of one issue date: a run's invoices mostly share a few dates, and the calendar is worked out once each.</summary>
    private sealed record DeadlineOfDay(DateOnly IssueDate, DateOnly Deadline);

    public OfflineProtector(KeyedCertificate offline, KsefEnvironment environment, ContextIdentifier? context, OfflineMode mode,
        DateOnly? failureEnd, string? outputDirectory, IReadOnlyList<QrImageFormat> formats, bool validateSchema = true)
    {
        ValidateSchema = validateSchema;
        // Each signing thread gets its own key object: a copy of a key KsefPS holds, or another handle to one it must not copy.
        _pkcs8 = offline.Exportable ? offline.ExportPkcs8() : [];
        var openAnother = offline.OpenAnother;
        // A key KsefPS must not copy is held open for the whole run (a token stays logged in while one of its keys is
        // open), so the caller may let go of the certificate it gave.
        _held = openAnother?.Invoke();
        _keys = new ThreadLocal<AsymmetricAlgorithm>(() => openAnother?.Invoke() ?? SigningKey(_pkcs8), trackAllValues: true);
        _qrBase = KsefEnvironmentInfo.For(environment).QrUrl;
        _nipControlDigit = KsefEnvironmentInfo.For(environment).ChecksNipControlDigits;
        Environment = environment;
        Context = context;
        Mode = mode;
        FailureEnd = failureEnd;
        OutputDirectory = outputDirectory;
        Formats = formats;
        CertificateSerial = VerificationLinks.SerialOf(offline.Certificate);
    }

    public KsefEnvironment Environment { get; }
    public ContextIdentifier? Context { get; }
    public OfflineMode Mode { get; }
    public DateOnly? FailureEnd { get; }
    public string? OutputDirectory { get; }
    public IReadOnlyList<QrImageFormat> Formats { get; }
    public string CertificateSerial { get; }
    public bool ValidateSchema { get; }

    // The per-invoice path is compiled fully optimized at once: a scheduled run is a fresh process, and tiered
    // compilation would run it unoptimized for most of a 10,000-invoice run (bench: first pass +16 %).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ProtectedInvoice Protect(string path)
    {
        var facts = InvoiceFacts.Read(path, ValidateSchema, _nipControlDigit);
        facts.Form.RequireTakenIn(Environment, path, "It was neither signed nor queued.");
        if (Mode == OfflineMode.TotalFailure)
        {
            // BRIEF §9.5: during a total failure an invoice carries no QR codes and need not reach KSeF.
            return new ProtectedInvoice(path, facts.InvoiceNumber, facts.SellerNip, facts.IssueDate, facts.HashBase64, "", "", null, null, Mode,
                OfflineDeadline.NoObligation, Environment, CertificateSerial);
        }
        var context = Context ?? new ContextIdentifier(ContextIdentifierType.Nip, facts.SellerNip);
        var invoiceLink = VerificationLinks.InvoiceLink(_qrBase, facts.SellerNip, facts.IssueDate, facts.Sha256);
        var certificateLink = VerificationLinks.CertificateLink(_qrBase, context, facts.SellerNip, CertificateSerial, facts.Sha256, _keys.Value!);
        string? invoiceImage = null, certificateImage = null;
        if (OutputDirectory is not null)
        {
            // Made when the first image is written, not before: -WhatIf leaves no folder behind.
            OutputFolder.Ensure(OutputDirectory);
            var stem = System.IO.Path.Combine(OutputDirectory, System.IO.Path.GetFileNameWithoutExtension(path));
            foreach (var format in Formats)
            {
                var extension = QrImage.Extension(format);
                invoiceImage = stem + ".kod1" + extension;
                certificateImage = stem + ".kod2" + extension;
                AtomicFile.Write(invoiceImage, QrImage.Render(invoiceLink, "OFFLINE", format));
                AtomicFile.Write(certificateImage, QrImage.Render(certificateLink, "CERTYFIKAT", format));
            }
        }
        return new ProtectedInvoice(path, facts.InvoiceNumber, facts.SellerNip, facts.IssueDate, facts.HashBase64, invoiceLink, certificateLink,
            invoiceImage, certificateImage, Mode, Deadline(facts.IssueDate), Environment, CertificateSerial);
    }

    /// <summary>A thread's copy of a key KsefPS holds; an EC key keeps its OpenSSL signing context where it can.</summary>
    private static AsymmetricAlgorithm SigningKey(byte[] pkcs8)
    {
        var key = KeyMaterial.ImportPkcs8(pkcs8);
        return key is ECDsa ec && OpenSslEcdsa.TryWrap(ec, pkcs8) is { } kept ? kept : key;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private DateOnly Deadline(DateOnly issueDate)
    {
        if (Volatile.Read(ref _lastDeadline) is { } last && last.IssueDate == issueDate)
        {
            return last.Deadline;
        }
        var deadline = OfflineDeadline.Compute(Mode, issueDate, FailureEnd);
        Volatile.Write(ref _lastDeadline, new DeadlineOfDay(issueDate, deadline));
        return deadline;
    }

    public void Dispose()
    {
        foreach (var key in _keys.Values)
        {
            key.Dispose();
        }
        _keys.Dispose();
        _held?.Dispose();
        CryptographicOperations.ZeroMemory(_pkcs8);
    }
}
