using KsefPS.Core.Certificates;
using KsefPS.Core.Certificates.Enrollment;
using KsefPS.Core.Sessions;
using KsefPS.Core.Store;

namespace KsefPS.Tests;

public sealed class EnrollmentCmdletTests : IClassFixture<CmdletEmulatorFixture>, IDisposable
{
    private readonly PowerShellSession _ps = new();
    private readonly string _url;

    public EnrollmentCmdletTests(CmdletEmulatorFixture fixture)
    {
        _url = fixture.Emulator.Url.AbsoluteUri;
        _ps.Run($"$nip = New-KsefTestIdentifier; New-KsefTestCertificate -GivenName A -Surname R -Nip $nip -Name SelfSigned | Out-Null; Connect-Ksef -ApiUrl '{_url}' -Nip $nip -Certificate SelfSigned | Out-Null");
    }

    public void Dispose() => _ps.Dispose();

    [Fact]
    public void Request_log_in_with_it_renew_and_revoke_the_old_one()
    {
        var limits = (CertificateLimits)_ps.Run("Get-KsefCertificateLimit")[0].BaseObject;
        Assert.True(limits.CanRequest);

        var auth = (StoredCertificate)_ps.Run("Request-KsefCertificate -Usage Authentication -Name 'Ksef Auth'")[0].BaseObject;
        Assert.Equal(CertificateUsage.Authentication, auth.Usage);
        Assert.False(auth.SelfSigned);
        var offline = (StoredCertificate)_ps.Run("Request-KsefCertificate -Usage Signing -Name 'Ksef Offline' -KeyAlgorithm Rsa2048")[0].BaseObject;
        Assert.Equal(CertificateUsage.Offline, offline.Usage);
        Assert.Equal("RSA-2048", offline.KeyAlgorithm);

        var session = (KsefSession)_ps.Run($"Connect-Ksef -ApiUrl '{_url}' -Nip $nip -Certificate 'Ksef Auth'")[0].BaseObject;
        // authenticationMethodInfo alone (the emulator here no longer sends the deprecated authenticationMethod)
        Assert.Equal("InternalCertificate", session.AuthenticationMethod);
        Assert.Equal("XadesSignature", session.AuthenticationCategory);
        Assert.Equal("Certyfikat KSeF", session.AuthenticationDisplayName);

        var renewed = (StoredCertificate)_ps.Run("Get-KsefCertificate 'Ksef Auth' | Request-KsefCertificate -RevokeOld -Confirm:$false")[0].BaseObject;
        Assert.StartsWith("Ksef Auth-", renewed.Name);
        Assert.Equal(CertificateUsage.Authentication, renewed.Usage);
        Assert.NotEqual(auth.SerialNumber, renewed.SerialNumber);
        var old = (StoredCertificate)_ps.Run("Get-KsefCertificate 'Ksef Auth'")[0].BaseObject;
        Assert.Equal(CertificateStatus.Revoked, old.Status);
        Assert.Equal("Superseded", old.RevocationReason);

        Assert.Equal(["CertificateRejected"], _ps.ErrorIds($"Connect-Ksef -ApiUrl '{_url}' -Nip $nip -Certificate 'Ksef Auth'"));
        var issued = _ps.Run("Get-KsefIssuedCertificate").Select(o => (IssuedCertificate)o.BaseObject).ToList();
        Assert.Equal(3, issued.Count);
        Assert.Equal("Revoked", issued.Single(i => i.SerialNumber == auth.SerialNumber).Status);
        Assert.All(issued, i => Assert.NotNull(i.StoredAs));

        _ps.Run($"Revoke-KsefCertificate -SerialNumber {offline.SerialNumber} -Reason KeyCompromise -Confirm:$false");
        Assert.Equal(CertificateStatus.Revoked, ((StoredCertificate)_ps.Run("Get-KsefCertificate 'Ksef Offline'")[0].BaseObject).Status);
        Assert.Equal(["CertificateRevocationFailed"], _ps.ErrorIds($"Revoke-KsefCertificate {offline.SerialNumber} -Confirm:$false"));
    }

    [Fact]
    public void TEST_ends_a_certificate_earlier_at_KSeF_which_then_reports_it_expired_and_refuses_its_login()
    {
        var auth = (StoredCertificate)_ps.Run("Request-KsefCertificate -Usage Authentication -Name 'Ends soon'")[0].BaseObject;
        var ended = DateTimeOffset.UtcNow; // not before its validFrom, which KSeF would refuse
        Assert.Empty(_ps.ErrorIds($"Get-KsefIssuedCertificate | Set-KsefTestCertificate -ValidTo ([DateTimeOffset]'{ended:O}')"));

        var issued = (IssuedCertificate)Assert.Single(_ps.Run("Get-KsefIssuedCertificate")).BaseObject;
        Assert.Equal(auth.SerialNumber, issued.SerialNumber);
        Assert.Equal("Expired", issued.Status);
        Assert.Equal(ended.ToUnixTimeMilliseconds(), issued.ValidTo.ToUnixTimeMilliseconds());
        Assert.Equal(["CertificateRejected"], _ps.ErrorIds($"Connect-Ksef -ApiUrl '{_url}' -Nip $nip -Certificate 'Ends soon'"));

        // KSeF never lengthens one; a serial not its subject's is not found; a malformed one is refused before sending
        Assert.Equal(["KsefRequestRejected"], _ps.ErrorIds($"Set-KsefTestCertificate {auth.SerialNumber} -ValidTo (Get-Date).AddYears(5)"));
        Assert.Equal(["CertificateNotFound"], _ps.ErrorIds("Set-KsefTestCertificate 0123456789abcdef -ValidTo (Get-Date)"));
        Assert.Equal(["SerialNumberInvalid", "CertificateNotFound"], _ps.ErrorIds("'12', '0123456789ABCDEF' | ForEach-Object { [pscustomobject]@{ SerialNumber = $_ } } | Set-KsefTestCertificate -ValidTo (Get-Date)"));
    }

    [Fact]
    public void WhatIf_requests_nothing_and_bad_names_are_refused_before_sending()
    {
        _ps.Run("Request-KsefCertificate -Usage Offline -Name 'Not made' -WhatIf");
        Assert.Empty(_ps.Run("Get-KsefIssuedCertificate"));
        Assert.Equal(["NameInvalid"], _ps.ErrorIds("Request-KsefCertificate -Usage Offline -Name 'bad/name!'"));
        Assert.Equal(["CertificateNameTaken"], _ps.ErrorIds("Request-KsefCertificate -Usage Offline -Name 'SelfSigned'"));
        Assert.Empty(_ps.Run("Get-KsefIssuedCertificate"));
    }

    [Fact]
    public void Nothing_pending_to_resume_returns_nothing()
    {
        Assert.Empty(_ps.Run("Request-KsefCertificate -Resume"));
    }
}
