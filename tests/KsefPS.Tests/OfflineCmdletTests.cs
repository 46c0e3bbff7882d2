using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using KsefPS.Core.Offline;

namespace KsefPS.Tests;

public sealed class OfflineCmdletTests : IClassFixture<CmdletEmulatorFixture>, IDisposable
{
    private readonly PowerShellSession _ps = new();
    private readonly string _url;
    private readonly string _nip;

    public OfflineCmdletTests(CmdletEmulatorFixture fixture)
    {
        _url = fixture.Emulator.Url.AbsoluteUri;
        _nip = (string)_ps.Run("$nip = New-KsefTestIdentifier; $nip")[0].BaseObject;
        _ps.Run("New-KsefTestCertificate -OrganizationName Org -Nip $nip -Usage Offline -Name Off | Out-Null; New-KsefTestCertificate -OrganizationName Org -Nip $nip -Name Auth | Out-Null");
        Directory.CreateDirectory(_ps.File("in"));
    }

    public void Dispose() => _ps.Dispose();

    private void WriteInvoices(int count, string prefix = "fv")
    {
        var template = File.ReadAllText(Path.Combine(Core.Tests.Support.Repository.Spec("samples", "invoice-template-fa-3.xml")));
        for (var i = 1; i <= count; i++)
        {
            File.WriteAllText(_ps.File($"in/{prefix}-{i:D4}.xml"), template.Replace("#nip#", _nip).Replace("#invoice_number#", $"{i:D4}"));
        }
    }

    [Fact]
    public void Results_come_out_in_input_order_under_parallelism_and_are_queued()
    {
        WriteInvoices(60);
        var results = _ps.Run("Get-ChildItem ./in/*.xml | Sort-Object Name -Descending | Protect-KsefInvoice -Certificate Off -ThrottleLimit 4 -OutputDirectory ./qr")
            .Select(r => (ProtectedInvoice)r.BaseObject).ToList();
        var expected = Directory.GetFiles(_ps.File("in")).Select(p => Path.GetFileName(p)).OrderByDescending(n => n, StringComparer.Ordinal).ToList();
        Assert.Equal(expected, results.Select(r => Path.GetFileName(r.Path)).ToList());
        Assert.All(results, r =>
        {
            Assert.True(File.Exists(r.InvoiceImage));
            Assert.True(File.Exists(r.CertificateImage));
            Assert.Equal(Convert.ToBase64String(SHA256.HashData(File.ReadAllBytes(r.Path))), r.Hash);
            Assert.Equal(OfflineDeadline.Compute(OfflineMode.Offline24, r.IssueDate), r.Deadline);
        });
        var queued = _ps.Run("Get-KsefOfflineInvoice").Select(q => (OfflineInvoice)q.BaseObject).ToList();
        Assert.Equal(60, queued.Count);
        Assert.Equal(60, ((Core.Store.StoreInfo)_ps.Run("Get-KsefStore")[0].BaseObject).OfflineInvoicesToSend);
        Assert.Equal(results.Select(r => r.Hash).OrderBy(h => h), queued.Select(q => q.Hash).OrderBy(h => h));
        Assert.All(queued, q => Assert.Equal(7, q.Id.Version)); // time-ordered ids: new rows go to the end of the key's index
    }

    [Fact]
    public void Results_stream_out_before_the_input_ends()
    {
        var template = File.ReadAllText(Core.Tests.Support.Repository.Spec("samples", "invoice-template-fa-3.xml")).Replace("#nip#", _nip);
        _ps.Run($$"""
            $template = @'
            {{template.Replace("'@", "' @")}}
            '@
            $written = 0
            $first = 1..2000 | ForEach-Object {
                $file = Join-Path (Get-Location) "in/s-$_.xml"
                Set-Content -LiteralPath $file -Value $template.Replace('#invoice_number#', "$_")
                $script:written++
                Get-Item -LiteralPath $file
            } | Protect-KsefInvoice -Certificate Off -ThrottleLimit 2 | Select-Object -First 1
            """);
        var written = (int)_ps.Run("$written")[0].BaseObject;
        Assert.InRange(written, 1, 20); // at most 2 × ThrottleLimit invoices wait in memory before the first result leaves
    }

    [Fact]
    public void An_authentication_certificate_or_an_expired_one_is_refused()
    {
        WriteInvoices(1);
        Assert.Equal(["OfflineCertificateRequired"], _ps.ErrorIds("Protect-KsefInvoice ./in/fv-0001.xml -Certificate Auth"));

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN=Old, 2.5.4.97=VATPL-{_nip}, O=Old, C=PL", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.NonRepudiation, true));
        using var expired = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-30), DateTimeOffset.UtcNow.AddDays(-1));
        File.WriteAllBytes(_ps.File("expired.pfx"), expired.Export(X509ContentType.Pkcs12, "pw"));
        _ps.Run("Add-KsefCertificate ./expired.pfx -Password (ConvertTo-SecureString -AsPlainText -Force pw) -Usage Offline -Name Expired -WarningAction SilentlyContinue | Out-Null");
        Assert.Equal(["CertificateRejected"], _ps.ErrorIds("Protect-KsefInvoice ./in/fv-0001.xml -Certificate Expired"));
        Assert.Empty(_ps.Run("Get-KsefOfflineInvoice"));
    }

    [Fact]
    public void An_output_folder_that_is_a_file_is_refused_once_before_anything_is_signed_fetched_or_written()
    {
        WriteInvoices(3);
        File.WriteAllText(_ps.File("taken"), "keep me");

        Assert.Equal(["OutputWriteFailed"], _ps.ErrorIds("Protect-KsefInvoice ./in -Certificate Off -OutputDirectory ./taken"));
        Assert.Equal(["OutputWriteFailed"], _ps.ErrorIds("Protect-KsefInvoice ./in -Certificate Off -OutputDirectory ./taken/qr"));
        Assert.Empty(_ps.Run("Get-KsefOfflineInvoice"));
        Assert.Equal(["OutputWriteFailed"], _ps.ErrorIds("'5265877635-20250826-0100001AF629-AF', '5265877635-20250826-0100001AF629-AF' | ForEach-Object { [pscustomobject]@{ KsefNumber = $_; InvoiceLink = 'https://qr-test.ksef.mf.gov.pl/invoice/5265877635/26-08-2025/AAAA' } } | New-KsefQrCode -OutputDirectory ./taken"));
        Assert.Equal(["OutputWriteFailed"], _ps.ErrorIds("New-KsefQrCode -Url 'https://qr-test.ksef.mf.gov.pl/invoice/5265877635/26-08-2025/AAAA' -Path ./taken/kod1.png"));
        // refused before a session is needed or KSeF is asked
        Assert.Equal(["OutputWriteFailed"], _ps.ErrorIds("Save-KsefInvoice 5265877635-20250826-0100001AF629-AF -OutputDirectory ./taken"));
        Assert.Equal(["OutputWriteFailed"], _ps.ErrorIds("Sync-KsefInvoice -SubjectType Buyer -OutputDirectory ./taken"));
        Assert.Equal(["OutputWriteFailed"], _ps.ErrorIds("Get-KsefUpo -SessionReferenceNumber 20261203-SO-0000000000-0000000000-00 -OutputDirectory ./taken"));
        Assert.Equal("keep me", File.ReadAllText(_ps.File("taken")));
    }

    [Fact]
    public void An_invoice_protected_twice_is_queued_once_and_a_changed_one_again()
    {
        WriteInvoices(2);
        _ps.Run("Protect-KsefInvoice ./in/fv-0001.xml -Certificate Off | Out-Null");
        _ps.Run("Get-ChildItem ./in/*.xml | Protect-KsefInvoice -Certificate Off -Verbose | Out-Null", out var streams);
        Assert.Equal(2, _ps.Run("Get-KsefOfflineInvoice").Count);
        Assert.Contains(streams.Verbose, v => v.Message.Contains("already in the offline queue"));
        File.AppendAllText(_ps.File("in/fv-0001.xml"), "\n");
        _ps.Run("Protect-KsefInvoice ./in/fv-0001.xml -Certificate Off | Out-Null");
        Assert.Equal(3, _ps.Run("Get-KsefOfflineInvoice").Count); // other bytes, another invoice for KSeF
    }

    [Fact]
    public void Sent_invoices_leave_the_queue_and_one_KSeF_has_not_received_stays_unless_forced()
    {
        WriteInvoices(3);
        _ps.Run("Protect-KsefInvoice ./in -Certificate Off | Out-Null");
        using (var store = Core.Store.KsefStore.Open(_ps.StorePath))
        {
            store.MarkOfflineInvoicesSent([(store.ListOfflineInvoices().First(q => q.Path.EndsWith("fv-0001.xml")).Id, "5265877635-20261203-0100001A2B3C-4D")]);
        }

        _ps.Run("Get-KsefOfflineInvoice | Remove-KsefOfflineInvoice", out var refused);
        Assert.Equal(["OfflineInvoiceNotSent", "OfflineInvoiceNotSent"], refused.Error.Select(e => e.FullyQualifiedErrorId.Split(',')[0]).ToList());
        Assert.All(refused.Error, e => Assert.IsType<OfflineInvoice>(e.TargetObject));
        _ps.Run("Get-KsefOfflineInvoice -All | Remove-KsefOfflineInvoice -WhatIf");
        Assert.Equal(3, _ps.Run("Get-KsefOfflineInvoice -All").Count);

        _ps.Run("$sent = Get-KsefOfflineInvoice -All | Where-Object KsefNumber; $sent | Remove-KsefOfflineInvoice -Verbose", out var removed);
        Assert.Empty(removed.Error);
        Assert.Contains(removed.Verbose, v => v.Message.StartsWith("Removed 1 of 1 from the offline queue"));
        Assert.Equal(["fv-0002.xml", "fv-0003.xml"], _ps.Run("Get-KsefOfflineInvoice -All").Select(q => Path.GetFileName(((OfflineInvoice)q.BaseObject).Path)).Order().ToList());
        _ps.Run("$sent | Remove-KsefOfflineInvoice", out var gone);
        Assert.Equal("OfflineInvoiceNotFound", Assert.Single(gone.Error).FullyQualifiedErrorId.Split(',')[0]);

        _ps.Run("Get-KsefOfflineInvoice | Where-Object Path -like '*fv-0002.xml' | Remove-KsefOfflineInvoice -Force");
        Assert.EndsWith("fv-0003.xml", ((OfflineInvoice)Assert.Single(_ps.Run("Get-KsefOfflineInvoice -All")).BaseObject).Path);
    }

    [Fact]
    public void More_entries_than_one_transaction_takes_all_leave_the_queue()
    {
        using (var store = Core.Store.KsefStore.Open(_ps.StorePath))
        {
            store.AddOfflineInvoices(Enumerable.Range(1, 2_345).Select(i => new ProtectedInvoice($"/faktury/FV-{i}.xml", $"FV/{i}", _nip,
                new DateOnly(2026, 12, 3), Convert.ToBase64String(SHA256.HashData(BitConverter.GetBytes(i))), "https://qr-test.ksef.mf.gov.pl/invoice/x",
                "https://qr-test.ksef.mf.gov.pl/certificate/x", null, null, OfflineMode.Offline24, new DateOnly(2026, 12, 4),
                Core.Environments.KsefEnvironment.Test, "01F2A3")).ToList());
        }

        _ps.Run("Get-KsefOfflineInvoice | Remove-KsefOfflineInvoice -Force -Verbose", out var streams);

        Assert.Empty(streams.Error);
        Assert.Equal(["Removed 1000 of 1000", "Removed 1000 of 1000", "Removed 345 of 345"],
            streams.Verbose.Select(v => v.Message).Where(m => m.StartsWith("Removed")).Select(m => m[..m.IndexOf(" from", StringComparison.Ordinal)]).ToList());
        Assert.Empty(_ps.Run("Get-KsefOfflineInvoice -All"));
    }

    [Fact]
    public void Entries_sent_before_a_time_leave_the_queue_in_one_step()
    {
        WriteInvoices(3);
        _ps.Run("Protect-KsefInvoice ./in -Certificate Off | Out-Null");
        using (var store = Core.Store.KsefStore.Open(_ps.StorePath))
        {
            foreach (var sent in store.ListOfflineInvoices().Where(q => !q.Path.EndsWith("fv-0003.xml")))
            {
                store.MarkOfflineInvoicesSent([(sent.Id, "5265877635-20261203-0100001A2B3C-4D")]);
            }
        }

        _ps.Run("Remove-KsefOfflineInvoice -SentBefore (Get-Date).AddDays(-1) -Verbose", out var none);
        Assert.Contains(none.Verbose, v => v.Message.StartsWith("No invoice in the offline queue"));
        _ps.Run("Remove-KsefOfflineInvoice -SentBefore (Get-Date).AddMinutes(1) -WhatIf");
        Assert.Equal(3, _ps.Run("Get-KsefOfflineInvoice -All").Count);
        _ps.Run("Remove-KsefOfflineInvoice -SentBefore (Get-Date).AddMinutes(1) -Verbose", out var removed);

        Assert.Contains(removed.Verbose, v => v.Message.StartsWith("Removed 2 sent before"));
        Assert.EndsWith("fv-0003.xml", ((OfflineInvoice)Assert.Single(_ps.Run("Get-KsefOfflineInvoice -All")).BaseObject).Path);
        _ps.Run("Remove-KsefOfflineInvoice -SentBefore (Get-Date) -StorePath ./nowhere/store.db", out var missing);
        Assert.Contains(missing.Warning, w => w.Message.Contains("no KsefPS store"));
        Assert.False(Directory.Exists(_ps.File("nowhere")));
    }

    [Fact]
    public void A_bad_invoice_is_a_non_terminating_error_and_the_rest_go_on()
    {
        WriteInvoices(3);
        File.WriteAllText(_ps.File("in/fv-0002.xml"), File.ReadAllText(_ps.File("in/fv-0002.xml")).Replace("<P_1>2025-09-01</P_1>", ""));
        File.WriteAllText(_ps.File("in/fv-0003b.xml"), "definitely not xml");
        var results = _ps.Run("Get-ChildItem ./in/*.xml | Protect-KsefInvoice -Certificate Off", out var streams);
        Assert.Equal(["fv-0001.xml", "fv-0003.xml"], results.Select(r => Path.GetFileName(((ProtectedInvoice)r.BaseObject).Path)).ToList());
        Assert.Equal(["InvoiceInvalid", "InvoiceInvalid"], streams.Error.Select(e => e.FullyQualifiedErrorId.Split(',')[0]).ToList());
        Assert.Equal(2, _ps.Run("Get-KsefOfflineInvoice").Count);
    }

    [Fact]
    public void An_invoice_against_its_schema_is_refused_unless_the_schema_check_is_skipped()
    {
        WriteInvoices(1);
        File.WriteAllText(_ps.File("in/fv-0001.xml"), File.ReadAllText(_ps.File("in/fv-0001.xml")).Replace("<P_15>53.63</P_15>", "<P_15>a lot</P_15>"));
        Assert.Equal(["InvoiceInvalid"], _ps.ErrorIds("Protect-KsefInvoice ./in -Certificate Off"));
        Assert.Empty(_ps.Run("Get-KsefOfflineInvoice"));
        var result = (ProtectedInvoice)Assert.Single(_ps.Run("Protect-KsefInvoice ./in -Certificate Off -SkipSchemaValidation")).BaseObject;
        Assert.Equal("fv-0001.xml", Path.GetFileName(result.Path));
        Assert.Single(_ps.Run("Get-KsefOfflineInvoice"));
    }

    [Fact]
    public async Task Links_verify_locally_and_at_the_emulator_with_a_certificate_it_issued()
    {
        WriteInvoices(1);
        _ps.Run($"New-KsefTestCertificate -GivenName A -Surname R -Nip $nip -Name Person | Out-Null; Connect-Ksef -ApiUrl '{_url}' -Nip $nip -Certificate Person | Out-Null");
        _ps.Run("Request-KsefCertificate -Usage Offline -Name 'Emulator Offline' | Out-Null");
        var result = (ProtectedInvoice)_ps.Run("Protect-KsefInvoice ./in/fv-0001.xml -Certificate 'Emulator Offline'")[0].BaseObject;

        var local = _ps.Run("Protect-KsefInvoice ./in/fv-0001.xml -Certificate 'Emulator Offline' | Test-KsefCertificateLink -Certificate 'Emulator Offline'")[0];
        Assert.True((bool)local.Properties["Valid"].Value);
        Assert.True((bool)local.Properties["HashMatches"].Value);

        var path = new Uri(result.CertificateLink).AbsolutePath;
        using var http = new HttpClient { BaseAddress = new Uri(_url) };
        var page = await http.GetStringAsync(path.TrimStart('/'));
        Assert.Contains("Certyfikat istnieje", page);
        Assert.Contains("Certyfikat jest aktywny", page);
        Assert.Contains("Podpis wystawcy jest prawidłowy", page);
        Assert.Contains("Wystawca posiada uprawnienia do wystawienia faktury", page);

        var forged = await http.GetStringAsync(path.TrimStart('/').Replace($"/{_nip}/{_nip}/", $"/{_nip}/5265877635/"));
        Assert.Contains("Podpis wystawcy jest nieprawidłowy", forged);
    }

    [Fact]
    public void KSeF_numbers_and_QR_codes_for_online_invoices()
    {
        Assert.Equal([true, false], _ps.Run("Test-KsefNumber 5265877635-20250826-0100001AF629-AF, 5265877635-20250826-0100001AF629-AE").Select(o => (bool)o.BaseObject));
        _ps.Run("New-KsefQrCode -Url 'https://qr-test.ksef.mf.gov.pl/invoice/5265877635/26-08-2025/UtQp9Gpc51y-u3xApZjIjgkpZ01js-J8KflSPW8WzIE' -Label 5265877635-20250826-0100001AF629-AF -Path ./online.svg");
        Assert.Contains("5265877635-20250826-0100001AF629-AF</text>", File.ReadAllText(_ps.File("online.svg")));

        // A QR code holds at most 2,331 bytes at level M: longer is a clear refusal, and no file is left behind.
        Assert.Equal(["LinkInvalid"], _ps.ErrorIds($"New-KsefQrCode -Url 'https://example.pl/{new string('a', 2320)}' -Label X -Path ./long.png"));
        Assert.False(File.Exists(_ps.File("long.png")));
    }
}
