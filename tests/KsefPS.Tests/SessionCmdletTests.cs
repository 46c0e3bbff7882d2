using KsefPS.Core.Sessions;
using KsefPS.Core.Tokens;
using KsefPS.Testing;

namespace KsefPS.Tests;

public sealed class CmdletEmulatorFixture : IDisposable
{
    // As KSeF after 2026-11-16: auth statuses carry authenticationMethodInfo only, not the deprecated authenticationMethod.
    public EmulatorProcess Emulator { get; } = EmulatorProcess.Start("--Emulator:AuthProcessingDelay=00:00:00.050", "--Emulator:RateLimits=false",
        "--Emulator:DeprecatedAuthenticationMethod=false");

    public void Dispose() => Emulator.Dispose();
}

public sealed class SessionCmdletTests : IClassFixture<CmdletEmulatorFixture>, IDisposable
{
    private readonly PowerShellSession _ps = new();
    private readonly EmulatorProcess _emulator;
    private readonly string _url;

    public SessionCmdletTests(CmdletEmulatorFixture fixture)
    {
        _emulator = fixture.Emulator;
        _url = fixture.Emulator.Url.AbsoluteUri;
        _ps.Run("$nip = New-KsefTestIdentifier; New-KsefTestCertificate -GivenName A -Surname R -Nip $nip -Name Auth | Out-Null");
    }

    public void Dispose() => _ps.Dispose();

    private KsefSession Connect(string arguments = "-Certificate Auth") =>
        (KsefSession)_ps.Run($"Connect-Ksef -ApiUrl '{_url}' -Nip $nip {arguments}")[0].BaseObject;

    [Fact]
    public void An_X509Certificate2_connects_with_its_own_key_and_one_without_a_key_is_refused()
    {
        _ps.Run("""
            $secret = ConvertTo-SecureString -AsPlainText -Force 'object'
            Export-KsefCertificate Auth ./auth.pfx -Format Pfx -Password $secret -Confirm:$false | Out-Null
            $withKey = [System.Security.Cryptography.X509Certificates.X509CertificateLoader]::LoadPkcs12FromFile((Resolve-Path ./auth.pfx).Path, 'object')
            $publicOnly = [System.Security.Cryptography.X509Certificates.X509CertificateLoader]::LoadCertificate($withKey.RawData)
            """);
        var session = Connect("-Certificate $withKey");
        Assert.Equal(KsefSessionState.Active, session.State);
        Assert.Equal(["CertificateKeyMissing"], _ps.ErrorIds($"Connect-Ksef -ApiUrl '{_url}' -Nip $nip -Certificate $publicOnly"));
    }

    [Fact]
    public void An_address_that_cannot_be_called_is_refused_before_anything_is_sent_and_a_password_in_it_is_not_repeated()
    {
        Assert.Equal(["UrlInvalid"], _ps.ErrorIds("Connect-Ksef -ApiUrl ftp://api.ksef.mf.gov.pl -Nip $nip -Certificate Auth"));
        var said = (string)_ps.Run("""
            & { try { Connect-Ksef -ApiUrl 'https://admin:hunter2@api.ksef.mf.gov.pl' -Nip $nip -Certificate Auth -Verbose }
                catch { 'ERR ' + $_.FullyQualifiedErrorId + ' ' + $_ + ' ' + $_.TargetObject } } 4>&1 | Out-String
            """)[0].BaseObject;
        Assert.Contains("ERR UrlInvalid", said);
        Assert.DoesNotContain("hunter2", said);
        Assert.Equal(["UrlInvalid"], _ps.ErrorIds("Get-KsefStatus -StatusUrl 'not an address'"));
        Assert.Equal(["UrlInvalid"], _ps.ErrorIds("Get-KsefOfflineInvoice -StatusUrl 'file:///etc/passwd'"));
        Assert.Empty(_ps.Run("Get-KsefSession"));
    }

    [Fact]
    public void A_malformed_session_reference_is_refused_as_such_before_a_session_is_needed()
    {
        Assert.Equal(["ReferenceNumberInvalid"], _ps.ErrorIds("Get-KsefSessionInvoice '../tokens'"));
        Assert.Equal(["ReferenceNumberInvalid"], _ps.ErrorIds("Get-KsefUpo -SessionReferenceNumber '../tokens' -OutputDirectory ./upo"));
        Assert.Equal(["NoSession"], _ps.ErrorIds("Get-KsefSessionInvoice 20261203-SO-0000000000-0000000000-00"));
    }

    [Fact]
    public void Connect_returns_the_session_and_makes_it_current()
    {
        var session = Connect();
        Assert.Equal(KsefSessionState.Active, session.State);
        var current = (KsefSession)_ps.Run("Get-KsefSession")[0].BaseObject;
        Assert.Same(session, current);
        var piped = (KsefSession)_ps.Run($"Get-KsefCertificate Auth | Connect-Ksef -ApiUrl '{_url}' -Nip $nip")[0].BaseObject;
        Assert.Equal(2, _ps.Run("Get-KsefSession -All").Count);
        Assert.Same(piped, _ps.Run("Get-KsefSession")[0].BaseObject);
        _ps.Run("Get-KsefSession -All | Disconnect-Ksef");
        Assert.Empty(_ps.Run("Get-KsefSession"));
        Assert.Equal(KsefSessionState.Disconnected, session.State);
    }

    [Fact]
    public void Disconnecting_with_nothing_to_end_is_no_error_so_a_runbook_s_finally_block_keeps_the_error_that_stopped_it()
    {
        var caught = (string)_ps.Run($$"""
            & {
                $ErrorActionPreference = 'Stop'
                try { try { Connect-Ksef -ApiUrl '{{_url}}' -Nip $nip -Certificate Nope | Out-Null } finally { Disconnect-Ksef } }
                catch { $_.FullyQualifiedErrorId }
            }
            """)[0].BaseObject;
        Assert.StartsWith("CertificateNotFound,", caught);

        var session = Connect();
        _ps.Run("Disconnect-Ksef", out var first);
        Assert.Empty(first.Error);
        Assert.Equal(KsefSessionState.Disconnected, session.State);
        Assert.Empty(_ps.Run("Disconnect-Ksef -Verbose", out var again));
        Assert.Empty(again.Error);
        Assert.Contains(again.Verbose, v => v.Message.Contains("no KSeF session", StringComparison.Ordinal));
    }

    [Fact]
    public void Sessions_are_per_runspace()
    {
        Connect();
        using var other = new PowerShellSession();
        Assert.Empty(other.Run("Get-KsefSession"));
        Assert.Equal(["NoSession"], other.ErrorIds("New-KsefToken -Permission InvoiceRead -Description 'no session here'"));
    }

    [Fact]
    public void An_offline_certificate_or_one_of_another_environment_is_refused_before_anything_is_sent()
    {
        _ps.Run("New-KsefTestCertificate -OrganizationName O -Nip $nip -Usage Offline -Name Off | Out-Null");
        Assert.Equal(["CertificateUsageWrong"], _ps.ErrorIds($"Connect-Ksef -ApiUrl '{_url}' -Nip $nip -Certificate Off"));
        Assert.Equal(["CertificateEnvironmentWrong"], _ps.ErrorIds($"Connect-Ksef -Environment Production -ApiUrl '{_url}' -Nip $nip -Certificate Auth"));
        _ps.Run($"Connect-Ksef -Environment Production -ApiUrl '{_url}' -Nip $nip -Certificate Auth", out var wrong);
        Assert.StartsWith("Stored certificate 'Auth' belongs to KSeF Test, not Production:", Assert.Single(wrong.Error).Exception.Message, StringComparison.Ordinal);
        Assert.Equal(["NipInvalid"], _ps.ErrorIds($"Connect-Ksef -ApiUrl '{_url}' -Nip 1004567890 -Certificate Auth")); // not KSeF's NIP shape (an x00 tax office)
        Assert.Equal(["CertificateNotFound"], _ps.ErrorIds($"Connect-Ksef -ApiUrl '{_url}' -Nip $nip -Certificate Nope"));
    }

    [Fact]
    public void Refusals_carry_the_KSeF_code_in_the_error_details()
    {
        _ps.Run("New-KsefTestCertificate -GivenName B -Surname S -Nip (New-KsefTestIdentifier) -Name Stranger | Out-Null");
        var streams = RunCatching($"Connect-Ksef -ApiUrl '{_url}' -Nip $nip -Certificate Stranger");
        var error = Assert.Single(streams);
        Assert.StartsWith("NoPermissionsInContext", error.FullyQualifiedErrorId);
        Assert.Contains("415", error.ErrorDetails!.RecommendedAction);
        Assert.Contains("-AU-", error.ErrorDetails.RecommendedAction);
        Assert.Contains("Grant-KsefPermission", error.ErrorDetails.RecommendedAction); // what to do, not only the code
    }

    [Fact]
    public void A_stored_token_logs_in_unattended_and_can_be_revoked()
    {
        Connect();
        var created = (KsefTokenInfo)_ps.Run("New-KsefToken -Permission InvoiceRead, InvoiceWrite -Description 'nightly job' -Name Nightly")[0].BaseObject;
        Assert.True(created.Stored);
        Assert.Null(created.Token);
        Assert.Equal(["Nightly"], _ps.Run("Get-KsefToken nightly").Select(t => ((KsefTokenInfo)t.BaseObject).Name).ToList());
        Assert.Equal(1, ((Core.Store.StoreInfo)_ps.Run("Get-KsefStore")[0].BaseObject).Tokens);
        var remote = _ps.Run("Get-KsefToken -Remote").Select(t => (KsefTokenInfo)t.BaseObject).Single();
        Assert.Equal("Nightly", remote.Name);
        Assert.Equal("Active", remote.Status);
        Assert.Equal("Active", created.Status); // New-KsefToken waited for KSeF to activate it
        Assert.Equal(remote.Author, created.Author);

        var tokenSession = (KsefSession)_ps.Run($"Connect-Ksef -ApiUrl '{_url}' -TokenName Nightly")[0].BaseObject;
        Assert.Equal("Token", tokenSession.AuthenticationMethod);
        Assert.Equal("Token", tokenSession.AuthenticationCategory);
        Assert.Equal("Token KSeF", tokenSession.AuthenticationDisplayName);
        Assert.Equal(created.Context, tokenSession.Context);

        Connect();
        _ps.Run("Revoke-KsefToken Nightly -Confirm:$false");
        Assert.Empty(_ps.Run("Get-KsefToken"));
        Assert.Empty(_ps.Run("Get-KsefToken Night*", out var wildcard)); // a pattern that matches nothing is no error
        Assert.Empty(wildcard.Error);
        Assert.Equal(["TokenNotFound"], _ps.ErrorIds("Get-KsefToken Nightly")); // a name is, as in Get-KsefCertificate
        Assert.Equal("Revoked", ((KsefTokenInfo)_ps.Run("Get-KsefToken -Remote")[0].BaseObject).Status);
        Assert.Empty(_ps.Run("Get-KsefToken -Remote -Status Active, Pending"));
        Assert.Single(_ps.Run("Get-KsefToken -Remote -Status Revoked"));
        Assert.Equal(["TokenNotFound"], _ps.ErrorIds($"Connect-Ksef -ApiUrl '{_url}' -TokenName Nightly"));
    }

    [Theory]
    [InlineData("-Name Broken")]
    [InlineData("")] // nothing returned either: no secret of a token that cannot log in is handed out
    public void A_token_KSeF_fails_to_activate_is_an_error_and_is_not_kept_in_the_store(string name)
    {
        Connect();
        // KSeF documents the status Failed but not when it gives it: the emulator's answers are made to say it.
        _emulator.AddFault(new { Kind = "Rewrite", Method = "GET", PathPrefix = "/v2/tokens/", Find = "\"status\":\"Active\"",
            ReplaceWith = "\"status\":\"Failed\"", Times = 100 });
        try
        {
            var output = _ps.Run($"New-KsefToken -Permission InvoiceRead -Description 'never active' {name}", out var streams);
            Assert.Empty(output);
            var error = Assert.Single(streams.Error);
            Assert.StartsWith("TokenActivationFailed,", error.FullyQualifiedErrorId);
            Assert.Empty(_ps.Run("Get-KsefToken"));
        }
        finally
        {
            _emulator.ClearFaults();
        }
    }

    [Fact]
    public void A_token_without_a_name_is_returned_once_as_a_SecureString_and_logs_in()
    {
        Connect();
        _ps.Run("$t = New-KsefToken -Permission InvoiceRead -Description 'handed to a colleague'");
        Assert.Equal("SecureString", _ps.Run("$t.Token.GetType().Name")[0].BaseObject);
        var session = (KsefSession)_ps.Run($"Connect-Ksef -ApiUrl '{_url}' -Nip $nip -Token $t.Token")[0].BaseObject;
        Assert.Equal("Token", session.AuthenticationMethod);
    }

    [Fact]
    public void A_whole_flow_with_Verbose_and_Debug_shows_no_secret()
    {
        var output = _ps.Run($$"""
            $VerbosePreference = 'Continue'; $DebugPreference = 'Continue'
            $s = Connect-Ksef -ApiUrl '{{_url}}' -Nip $nip -Certificate Auth -Verbose -Debug
            $s | Format-List * | Out-String
            $t = New-KsefToken -Permission InvoiceRead -Description 'secret check' -Verbose -Debug
            $t | Format-List * | Out-String
            $plain = [System.Net.NetworkCredential]::new('', $t.Token).Password
            Connect-Ksef -ApiUrl '{{_url}}' -Nip $nip -Token $t.Token -Verbose -Debug | Format-List * | Out-String
            Get-KsefSession -All | Disconnect-Ksef -Verbose -Debug
            "TOKEN=$plain"
            """, out var streams);
        var all = output.Select(o => o.ToString()!).ToList();
        var token = all.Single(l => l.StartsWith("TOKEN=", StringComparison.Ordinal))[6..];
        var text = string.Join("\n", all.Where(l => !l.StartsWith("TOKEN=", StringComparison.Ordinal))
            .Concat(streams.Verbose.Select(v => v.Message)).Concat(streams.Debug.Select(d => d.Message))
            .Concat(streams.Warning.Select(w => w.Message)).Concat(streams.Error.Select(e => e.ToString())));
        Assert.True(token.Length > 40);
        Assert.Contains("auth/xades-signature", text);
        Assert.DoesNotContain(token, text);
        Assert.DoesNotContain(token.Split('|')[^1], text);
        Assert.DoesNotContain("eyJ", text); // no JWT, access, refresh or operation token
    }

    private List<System.Management.Automation.ErrorRecord> RunCatching(string script)
    {
        try
        {
            _ps.Run(script, out var streams);
            return streams.Error;
        }
        catch (System.Management.Automation.RuntimeException e)
        {
            return [e.ErrorRecord];
        }
    }
}
