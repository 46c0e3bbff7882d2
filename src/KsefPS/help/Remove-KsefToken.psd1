@{
    Synopsis    = 'Removes KSeF tokens from the store without revoking them at KSeF.'
    Description = @'
Deletes stored tokens by name (wildcards allowed; also from Get-KsefToken through the pipeline) and wipes them from the
store file, as Remove-KsefCertificate does for certificates. KSeF is not asked: a token removed this way stays valid at
KSeF until it is revoked there or in KSeF's web application. Use it for a token of an environment that is gone (a local
emulator), or one revoked where KsefPS could not see it; to revoke a token and forget it, use Revoke-KsefToken. Needs no
session. Asks for confirmation (ConfirmImpact High).
'@
    Parameters  = @{
        Name      = 'The store names of the tokens (wildcards allowed). A name that matches nothing is TokenNotFound.'
        StorePath = 'The store file to use instead of $env:KSEFPS_STORE or the per-user default.'
    }
    Examples    = @(
        @{ Code = 'Remove-KsefToken EmulatorJob -Confirm:$false'; Remarks = 'Forgets a token made against a local emulator.' }
        @{ Code = 'Get-KsefToken Old* | Remove-KsefToken'; Remarks = 'Forgets the matching tokens, asking for each.' }
    )
}
