@{
    Synopsis    = 'Writes a stored certificate, or its private key, to a file.'
    Description = @'
-Format Pem or Der writes the certificate only. Pfx writes the certificate with its private key as PKCS#12 (AES-256-CBC,
PBKDF2-SHA256; -Password required). Key writes the private key as PKCS#8 PEM, encrypted with -Password when given.

Files are written through a temporary file and created with mode 0600 on Unix. An existing file is kept unless -Force.
Writing a private key is a high-impact action: it asks for confirmation unless -Confirm:$false or -Force is given, and
in a non-interactive session it fails (ExportConfirmationRequired) rather than prompt. When -Path is a directory the
file is named after the entry. Returns the written file.
'@
    Parameters  = @{
        Name        = 'The name of the stored certificate.'
        InputObject = 'A stored certificate from Get-KsefCertificate.'
        Path        = 'The file to write, or a directory to write <Name>.<ext> into.'
        Format      = 'Pem (default), Der, Pfx or Key.'
        Password    = 'Protects a Pfx (required) or a Key export (optional, strongly recommended).'
        Force       = 'Overwrite an existing file, and do not ask before writing a private key.'
        StorePath   = 'The store file to use instead of $env:KSEFPS_STORE or the per-user default.'
    }
    Defaults    = @{ Format = 'Pem' }
    Examples    = @(
        @{ Code = 'Export-KsefCertificate AnnaTest ./anna.pem'; Remarks = 'The public certificate as PEM.' }
        @{ Code = 'Get-KsefCertificate Prod2026 | Export-KsefCertificate -Path ./backup -Format Pfx -Password (Read-Host -AsSecureString)'; Remarks = 'A password-protected PFX backup, named after the entry, in ./backup.' }
    )
}
