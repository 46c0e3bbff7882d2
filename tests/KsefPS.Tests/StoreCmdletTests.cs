using KsefPS.Core.Store;

namespace KsefPS.Tests;

public sealed class StoreCmdletTests : IDisposable
{
    private readonly PowerShellSession _ps = new();

    public void Dispose() => _ps.Dispose();

    [Fact]
    public void Get_store_reports_path_protection_schema_and_counts()
    {
        _ps.Run("New-KsefTestCertificate -GivenName A -Surname R -Nip 5265877635 -Name A; New-KsefTestCertificate -OrganizationName O -Nip 5265877635 -Usage Offline");
        var info = (StoreInfo)_ps.Run("Get-KsefStore")[0].BaseObject;
        Assert.Equal(_ps.StorePath, info.Path);
        Assert.Equal(StoreProtection.User, info.Protection);
        Assert.Equal(StoreSchema.CurrentVersion, info.SchemaVersion);
        Assert.Equal(2, info.CertificateCount);
        Assert.Equal(1, info.AuthenticationCertificates);
        Assert.Equal(1, info.OfflineCertificates);
        Assert.Equal((0, 0, 0), (info.Tokens, info.PendingEnrollments, info.OfflineInvoicesToSend));
        Assert.False(info.Locked);
    }

    [Fact]
    public void A_command_that_only_reads_makes_no_store_where_there_is_none_and_warns_with_the_path_it_looked_at()
    {
        var mistyped = _ps.File("mistyped/store.db");
        foreach (var read in new[] { "Get-KsefCertificate", "Get-KsefOfflineInvoice", "Get-KsefToken" })
        {
            Assert.Empty(_ps.Run($"{read} -StorePath '{mistyped}'", out var streams));
            Assert.Empty(streams.Error);
            Assert.Contains($"no KsefPS store at '{mistyped}'", Assert.Single(streams.Warning).Message);
        }
        Assert.Equal(["CertificateNotFound", "TokenNotFound"], _ps.ErrorIds($"Get-KsefCertificate Anna -StorePath '{mistyped}'; Get-KsefToken Nightly -StorePath '{mistyped}'"));
        // Commands that look a name up in the store say it is not there, and make none either.
        Assert.Equal(["CertificateNotFound", "CertificateNotFound", "CertificateNotFound", "TokenNotFound", "TokenNotFound", "TokenNotFound"], _ps.ErrorIds($"""
            Export-KsefCertificate Anna ./anna.pem -StorePath '{mistyped}'
            Remove-KsefCertificate Anna -StorePath '{mistyped}' -Confirm:$false
            Connect-Ksef -Nip 5265877635 -Certificate Anna -ApiUrl http://127.0.0.1:9 -StorePath '{mistyped}'
            Remove-KsefToken Nightly -StorePath '{mistyped}' -Confirm:$false
            Revoke-KsefToken Nightly -StorePath '{mistyped}' -Confirm:$false
            Connect-Ksef -TokenName Nightly -StorePath '{mistyped}'
            """));
        // An offline run keeps its queue in the store, but a certificate named from a store that is not there is not in it.
        Assert.Equal(["CertificateNotFound", "CertificateNotFound"], _ps.ErrorIds($"""
            Protect-KsefInvoice ./fv.xml -Certificate 'Offline 2026' -StorePath '{mistyped}'
            Send-KsefInvoice ./fv.xml -OfflineFallback -OfflineCertificate 'Offline 2026' -StorePath '{mistyped}'
            """));
        Assert.False(Directory.Exists(_ps.File("mistyped")));

        _ps.Run("New-KsefTestCertificate -GivenName A -Surname R -Nip 5265877635 -Name A"); // a command that keeps something makes the store
        Assert.Single(_ps.Run("Get-KsefCertificate", out var existing));
        Assert.Empty(existing.Warning);
    }

    [Fact]
    public void Passphrase_store_is_locked_for_non_interactive_hosts_and_unlocks_with_the_right_passphrase()
    {
        _ps.Run("New-KsefTestCertificate -GivenName A -Surname R -Nip 5265877635 -Name Before");
        _ps.Run("Set-KsefStore -Protection Passphrase -Passphrase (ConvertTo-SecureString -AsPlainText -Force 'pass phrase') -Confirm:$false; Lock-KsefStore",
            out var weak);
        Assert.Empty(weak.Error);
        Assert.Contains("has 11 characters", Assert.Single(weak.Warning).Message); // taken, with a warning that it is weak
        var info = (StoreInfo)_ps.Run("Get-KsefStore")[0].BaseObject;
        Assert.Equal(StoreProtection.Passphrase, info.Protection);
        Assert.True(info.Locked);
        Assert.Contains("Argon2id", info.KeyProtection);

        Assert.Equal(["StoreLocked"], _ps.ErrorIds("New-KsefTestCertificate -GivenName A -Surname R -Nip 5265877635 -Name Locked"));
        Assert.Equal(["StoreLocked"], _ps.ErrorIds("Export-KsefCertificate Before ./b.key -Format Key -Confirm:$false"));
        Assert.Equal(["StorePassphraseInvalid"], _ps.ErrorIds("Unlock-KsefStore -Passphrase (ConvertTo-SecureString -AsPlainText -Force 'wrong')"));
        Assert.Equal(1, _ps.CertificateCount()); // listing works while locked

        Assert.Empty(_ps.ErrorIds("Unlock-KsefStore (ConvertTo-SecureString -AsPlainText -Force 'pass phrase') -Timeout 60"));
        Assert.Empty(_ps.ErrorIds("New-KsefTestCertificate -GivenName A -Surname R -Nip 5265877635 -Name Unlocked"));
        var unlocked = (StoreInfo)_ps.Run("Get-KsefStore")[0].BaseObject;
        Assert.False(unlocked.Locked);
        Assert.InRange((unlocked.UnlockedUntil!.Value - DateTimeOffset.UtcNow).TotalSeconds, 30, 61);

        _ps.Run("Set-KsefStore -Protection Passphrase -Passphrase (ConvertTo-SecureString -AsPlainText -Force 'four unrelated words here') -Confirm:$false",
            out var strong);
        Assert.Empty(strong.Warning);
        Assert.Empty(_ps.ErrorIds("Set-KsefStore -Protection User -Confirm:$false; Lock-KsefStore; Export-KsefCertificate Before ./b.pem"));
        Assert.Equal(StoreProtection.User, ((StoreInfo)_ps.Run("Get-KsefStore")[0].BaseObject).Protection);
    }

    [Fact]
    public void Passphrase_protection_without_a_passphrase_fails_where_nobody_can_type_one()
    {
        Assert.Equal(["StorePassphraseInvalid"], _ps.ErrorIds("Set-KsefStore -Protection Passphrase -Confirm:$false"));
        Assert.Equal(StoreProtection.User, ((StoreInfo)_ps.Run("Get-KsefStore")[0].BaseObject).Protection);
    }

    [Fact]
    public void Environments_and_portal()
    {
        var environments = _ps.Run("Get-KsefEnvironment");
        Assert.Equal(3, environments.Count);
        var url = (Uri)_ps.Run("Open-KsefPortal -Environment Production -PassThru", out var streams)[0].BaseObject;
        Assert.Equal("https://ap.ksef.mf.gov.pl/", url.AbsoluteUri);
        Assert.Contains(streams.Information, i => i.MessageData.ToString()!.Contains("https://ap.ksef.mf.gov.pl"));
    }

    [Fact]
    public void Test_identifiers_are_valid()
    {
        var nips = _ps.Run("New-KsefTestIdentifier -Count 50").Select(o => (string)o.BaseObject).ToList();
        var pesels = _ps.Run("New-KsefTestIdentifier -Type Pesel -Count 50").Select(o => (string)o.BaseObject).ToList();
        Assert.All(nips, n => Assert.True(Core.Identifiers.Nip.IsValid(n)));
        Assert.All(pesels, p => Assert.True(Core.Identifiers.Pesel.IsValid(p)));
    }
}
