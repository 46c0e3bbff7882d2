using System.Management.Automation;
using KsefPS.Core.Certificates;
using KsefPS.Core.Environments;
using KsefPS.Core.Store;

namespace KsefPS.Tests;

public sealed class CertificateCmdletTests : IDisposable
{
    private readonly PowerShellSession _ps = new();

    public void Dispose() => _ps.Dispose();

    [Fact]
    public void New_test_certificate_stores_and_returns_the_entry()
    {
        var result = _ps.Run("New-KsefTestCertificate -GivenName Anna -Surname Nowak -Nip 5265877635 -Name Anna -KeyAlgorithm Rsa2048");
        var entry = Assert.IsType<StoredCertificate>(Assert.Single(result).BaseObject);
        Assert.Equal("Anna", entry.Name);
        Assert.Equal(KsefEnvironment.Test, entry.Environment);
        Assert.Equal(CertificateUsage.Authentication, entry.Usage);
        Assert.Equal("RSA-2048", entry.KeyAlgorithm);
        Assert.Equal("5265877635", entry.Identifier);

        var seal = (StoredCertificate)_ps.Run("New-KsefTestCertificate -OrganizationName Beta -Nip 5265877635 -Usage Signing")[0].BaseObject;
        Assert.Equal(CertificateUsage.Offline, seal.Usage);
        var pesel = (StoredCertificate)_ps.Run("New-KsefTestCertificate -GivenName A -Surname R -Pesel 44051401359")[0].BaseObject;
        Assert.Equal(Core.Identifiers.IdentifierType.Pesel, pesel.IdentifierType);
        Assert.Equal(3, _ps.CertificateCount());
    }

    [Fact]
    public void Invalid_identifiers_fail_with_their_error_id_and_store_nothing()
    {
        Assert.Equal(["NipInvalid"], _ps.ErrorIds("New-KsefTestCertificate -GivenName A -Surname R -Nip 1004563219"));
        Assert.Equal(["PeselInvalid"], _ps.ErrorIds("New-KsefTestCertificate -GivenName A -Surname R -Pesel 44051401358"));
        Assert.Equal(["NipInvalid"], _ps.ErrorIds("Protect-KsefInvoice ./none.xml -Certificate X -Nip 100-456-78-90"));
        Assert.Equal(0, _ps.CertificateCount());
        var dashed = (StoredCertificate)_ps.Run("New-KsefTestCertificate -GivenName A -Surname R -Nip 526-587-76-35")[0].BaseObject;
        Assert.Equal("5265877635", dashed.Identifier);
    }

    [Fact]
    public void Get_filters_by_name_usage_environment_and_expiry()
    {
        _ps.Run("""
            New-KsefTestCertificate -GivenName A -Surname R -Nip (New-KsefTestIdentifier) -Name Alpha
            New-KsefTestCertificate -GivenName A -Surname R -Nip (New-KsefTestIdentifier) -Name Beta -Usage Offline -ValidDays 20
            New-KsefTestCertificate -GivenName A -Surname R -Nip (New-KsefTestIdentifier) -Name Gamma
            """);
        Assert.Equal(["Alpha"], Names("Get-KsefCertificate -Name al*"));
        Assert.Equal(["Beta"], Names("Get-KsefCertificate -Usage Offline"));
        Assert.Equal(["Beta"], Names("Get-KsefCertificate -ExpiringWithin 30"));
        Assert.Equal(["Alpha", "Beta", "Gamma"], Names("Get-KsefCertificate -Environment Test"));
        Assert.Empty(Names("Get-KsefCertificate -Environment Production"));
        var thumbprint = (string)_ps.Run("(Get-KsefCertificate Gamma).Thumbprint")[0].BaseObject;
        Assert.Equal(["Gamma"], Names($"Get-KsefCertificate -Thumbprint {thumbprint.ToLowerInvariant()}"));
        Assert.Equal(["CertificateNotFound"], _ps.ErrorIds("Get-KsefCertificate -Name Delta"));
        Assert.Empty(_ps.ErrorIds("Get-KsefCertificate -Name Delta*"));
    }

    [Fact]
    public void Add_reads_files_one_bad_file_does_not_stop_the_others()
    {
        _ps.Run("""
            New-KsefTestCertificate -GivenName A -Surname R -Nip 5265877635 -Name Source
            $p = ConvertTo-SecureString -AsPlainText -Force 'pfx-pass'
            Export-KsefCertificate Source ./good.pfx -Format Pfx -Password $p -Confirm:$false
            Export-KsefCertificate Source ./cert.pem
            Remove-KsefCertificate Source -Confirm:$false
            Set-Content ./random.bin -Value 'not a certificate at all'
            """);
        Assert.Equal(0, _ps.CertificateCount());
        var errors = _ps.ErrorIds("""
            $p = ConvertTo-SecureString -AsPlainText -Force 'pfx-pass'
            Add-KsefCertificate -LiteralPath ./random.bin, ./good.pfx, ./cert.pem, ./missing.pfx -Password $p -Usage Authorization -Name Imported
            """);
        Assert.Equal(["CertificateFormatUnknown", "CertificateKeyMissing", "CertificateFileNotFound"], errors);
        var entry = (StoredCertificate)_ps.Run("Get-KsefCertificate Imported")[0].BaseObject;
        Assert.Equal(CertificateUsage.Authentication, entry.Usage);
        Assert.Equal(1, _ps.CertificateCount());

        Assert.Equal(["CertificatePasswordInvalid"], _ps.ErrorIds("Add-KsefCertificate ./good.pfx -Password (ConvertTo-SecureString -AsPlainText -Force wrong) -Usage Offline"));
        Assert.Equal(["CertificatePathIsDirectory"], _ps.ErrorIds("Add-KsefCertificate -LiteralPath . -Usage Offline"));
        Assert.Equal(1, _ps.CertificateCount());
    }

    [Fact]
    public void Self_signed_is_refused_for_production_unless_forced()
    {
        _ps.Run("""
            New-KsefTestCertificate -OrganizationName Org -Nip 5265877635 -Name Src
            Export-KsefCertificate Src ./src.pfx -Format Pfx -Password (ConvertTo-SecureString -AsPlainText -Force pw) -Confirm:$false
            """);
        Assert.Equal(["CertificateSelfSignedRefused"], _ps.ErrorIds("Add-KsefCertificate ./src.pfx -Password (ConvertTo-SecureString -AsPlainText -Force pw) -Environment Production -Usage Offline"));
        Assert.Empty(_ps.ErrorIds("Add-KsefCertificate ./src.pfx -Password (ConvertTo-SecureString -AsPlainText -Force pw) -Environment Production -Usage Offline -Force -Name Forced"));
        Assert.Equal(["Src", "Forced"], Names("Get-KsefCertificate").OrderByDescending(n => n).ToList());
    }

    [Fact]
    public void Add_warns_when_key_usage_contradicts_usage()
    {
        _ps.Run("""
            New-KsefTestCertificate -GivenName A -Surname R -Nip 5265877635 -Name Auth
            Export-KsefCertificate Auth ./auth.pfx -Format Pfx -Password (ConvertTo-SecureString -AsPlainText -Force pw) -Confirm:$false
            """);
        _ps.Run("Add-KsefCertificate ./auth.pfx -Password (ConvertTo-SecureString -AsPlainText -Force pw) -Usage Offline -Name AsOffline", out var streams);
        Assert.Contains(streams.Warning, w => w.Message.Contains("nonRepudiation"));
    }

    [Fact]
    public void Remove_honours_WhatIf_and_pipeline()
    {
        _ps.Run("""
            New-KsefTestCertificate -GivenName A -Surname R -Nip (New-KsefTestIdentifier) -Name One
            New-KsefTestCertificate -GivenName A -Surname R -Nip (New-KsefTestIdentifier) -Name Two
            New-KsefTestCertificate -GivenName A -Surname R -Nip (New-KsefTestIdentifier) -Name Three
            """);
        _ps.Run("Remove-KsefCertificate One -WhatIf");
        Assert.Equal(3, _ps.CertificateCount());
        _ps.Run("Remove-KsefCertificate One -Confirm:$false");
        Assert.Equal(["Three", "Two"], Names("Get-KsefCertificate"));
        _ps.Run("Get-KsefCertificate T* | Remove-KsefCertificate -Confirm:$false");
        Assert.Equal(0, _ps.CertificateCount());
        Assert.Equal(["CertificateNotFound"], _ps.ErrorIds("Remove-KsefCertificate Ghost -Confirm:$false"));
    }

    [Fact]
    public void Private_key_export_needs_confirmation_where_nobody_can_answer()
    {
        _ps.Run("New-KsefTestCertificate -GivenName A -Surname R -Nip 5265877635 -Name K");
        Assert.Equal(["ExportConfirmationRequired"], _ps.ErrorIds("Export-KsefCertificate K ./k.pem -Format Key"));
        Assert.False(File.Exists(_ps.File("k.pem")));
        Assert.Empty(_ps.ErrorIds("Export-KsefCertificate K ./k.pem -Format Key -Password (ConvertTo-SecureString -AsPlainText -Force pw) -Confirm:$false"));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_ps.File("k.pem")));
        Assert.Contains("ENCRYPTED PRIVATE KEY", File.ReadAllText(_ps.File("k.pem")));
        Assert.Equal(["ExportTargetExists"], _ps.ErrorIds("Export-KsefCertificate K ./k.pem -Format Key -Confirm:$false"));
        Assert.Empty(_ps.ErrorIds("Export-KsefCertificate K ./k.pem -Format Key -Force"));
        Assert.Contains("-----BEGIN PRIVATE KEY-----", File.ReadAllText(_ps.File("k.pem")));
        Assert.Equal(["ExportPasswordRequired"], _ps.ErrorIds("Export-KsefCertificate K ./k.pfx -Format Pfx -Confirm:$false"));
    }

    [Fact]
    public void Relative_paths_resolve_against_the_PowerShell_location()
    {
        _ps.Run("New-KsefTestCertificate -GivenName A -Surname R -Nip 5265877635 -Name Rel");
        Directory.CreateDirectory(_ps.File("sub"));
        _ps.Run("Set-Location ./sub; Export-KsefCertificate Rel ./rel.pem; Export-KsefCertificate Rel . -Format Der");
        Assert.True(File.Exists(Path.Combine(_ps.Directory, "sub", "rel.pem")));
        Assert.True(File.Exists(Path.Combine(_ps.Directory, "sub", "Rel.cer")));
    }

    [Fact]
    public void No_secret_reaches_any_stream()
    {
        const string password = "Very-Secret-Export-Pw-42";
        var output = _ps.Run($$"""
            $VerbosePreference = 'Continue'; $DebugPreference = 'Continue'; $InformationPreference = 'Continue'
            $p = ConvertTo-SecureString -AsPlainText -Force '{{password}}'
            New-KsefTestCertificate -GivenName A -Surname R -Nip 5265877635 -Name S -Verbose -Debug
            Export-KsefCertificate S ./s.key -Format Key -Password $p -Confirm:$false -Verbose -Debug
            Export-KsefCertificate S ./s.pfx -Format Pfx -Password $p -Confirm:$false -Verbose -Debug
            Remove-KsefCertificate S -Confirm:$false -Verbose -Debug
            Add-KsefCertificate ./s.pfx -Password $p -Usage Offline -Verbose -Debug
            Add-KsefCertificate ./s.pfx -Password (ConvertTo-SecureString -AsPlainText -Force 'Wrong-{{password}}') -Usage Offline -Name X -Verbose -Debug
            Get-KsefCertificate | Format-List * | Out-String
            """, out var streams);
        var text = string.Join("\n", output.Select(o => o?.ToString())
            .Concat(streams.Verbose.Select(v => v.Message))
            .Concat(streams.Debug.Select(d => d.Message))
            .Concat(streams.Warning.Select(w => w.Message))
            .Concat(streams.Information.Select(i => i.MessageData?.ToString()))
            .Concat(streams.Error.Select(e => e.ToString() + e.Exception)));
        Assert.NotEmpty(streams.Verbose);
        Assert.DoesNotContain(password, text);
        Assert.DoesNotContain("-----BEGIN", text);
        var keyBody = File.ReadAllText(_ps.File("s.key")).Split('\n')[1];
        Assert.DoesNotContain(keyBody, text);
    }

    private List<string> Names(string script) => _ps.Run(script).Select(o => ((StoredCertificate)o.BaseObject).Name).ToList();
}
