@{
    RootModule           = 'KsefPS.dll'
    NestedModules        = @('KsefPS.Loader.dll')
    ModuleVersion        = '0.1.0'
    GUID                 = '6f0d7c1e-5b3a-4c39-9f39-8f2e4c0b6a11'
    Author               = 'KsefPS contributors'
    CompanyName          = 'KsefPS'
    Copyright            = '(c) KsefPS contributors. MIT licence.'
    Description          = 'KSeF 2.0 (Polish National e-Invoice System) for PowerShell: an encrypted per-user certificate store, test certificates, XAdES login, invoices and offline QR codes.'
    PowerShellVersion    = '7.4'
    CompatiblePSEditions = @('Core')
    FormatsToProcess     = @('KsefPS.format.ps1xml')
    CmdletsToExport      = @(
        'Get-KsefEnvironment'
        'Get-KsefStatus'
        'Get-KsefLimit'
        'Open-KsefPortal'
        'New-KsefTestIdentifier'
        'New-KsefTestCertificate'
        'Add-KsefCertificate'
        'Get-KsefCertificate'
        'Export-KsefCertificate'
        'Remove-KsefCertificate'
        'Get-KsefPkcs11Certificate'
        'Get-KsefStore'
        'Set-KsefStore'
        'Unlock-KsefStore'
        'Lock-KsefStore'
        'Connect-Ksef'
        'Get-KsefSession'
        'Disconnect-Ksef'
        'Get-KsefAuthenticationSession'
        'Revoke-KsefAuthenticationSession'
        'New-KsefToken'
        'Get-KsefToken'
        'Revoke-KsefToken'
        'Remove-KsefToken'
        'Grant-KsefPermission'
        'Get-KsefPermission'
        'Revoke-KsefPermission'
        'Get-KsefPeppolProvider'
        'New-KsefTestSubject'
        'New-KsefTestPerson'
        'Remove-KsefTestSubject'
        'Remove-KsefTestPerson'
        'Set-KsefTestCertificate'
        'Set-KsefTestContext'
        'Set-KsefTestPermission'
        'Set-KsefTestLimit'
        'Request-KsefCertificate'
        'Get-KsefCertificateLimit'
        'Get-KsefIssuedCertificate'
        'Revoke-KsefCertificate'
        'Protect-KsefInvoice'
        'Get-KsefOfflineInvoice'
        'Remove-KsefOfflineInvoice'
        'New-KsefQrCode'
        'Test-KsefNumber'
        'Test-KsefCertificateLink'
        'Send-KsefInvoice'
        'Get-KsefUpo'
        'Get-KsefInvoiceSession'
        'Get-KsefSessionInvoice'
        'Get-KsefInvoice'
        'Save-KsefInvoice'
        'Sync-KsefInvoice'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('KSeF', 'e-invoice', 'Poland', 'XAdES', 'certificates', 'Linux', 'Windows', 'PSEdition_Core')
            ProjectUri   = 'https://github.com/KsefPS/KsefPS'
            LicenseUri   = 'https://github.com/KsefPS/KsefPS/blob/main/LICENSE'
            ReleaseNotes = 'Hardening: KSeF and reference numbers, file names and storage links from KSeF are validated before use; the store refuses insecure folders and key files and never downgrades its protection; files are read only when regular and of a sensible size; Protect-KsefInvoice checks invoices as Send-KsefInvoice does. A README tour that runs as written, about_KsefPS, native SQLite only for the platforms PowerShell 7.4+ runs on. Earlier: batch sending within KSeF production limits with a send journal (-Resume), Get-KsefInvoiceSession and Get-KsefSessionInvoice, the encrypted certificate store, Connect-Ksef, KSeF tokens, CSR enrollment, offline invoices with KOD I/KOD II, fetching and syncing invoices.'
        }
    }
}
