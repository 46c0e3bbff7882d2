@{
    Synopsis    = 'Lists the KSeF environments with their API, QR verification and portal addresses.'
    Description = @'
Returns one object per KSeF environment (Test, Demo, Production) with the API base address, the host used in KOD I and
KOD II QR links, the taxpayer web portal, and whether the environment accepts self-signed certificates (only Test does).

The portal addresses are not named in the official documentation; see docs/environments.md.
'@
    Parameters  = @{
        Environment = 'Only these environments. Without it, all three are listed.'
    }
    Examples    = @(
        @{ Code = 'Get-KsefEnvironment'; Remarks = 'Lists Test, Demo and Production.' }
        @{ Code = '(Get-KsefEnvironment Production).QrUrl'; Remarks = 'The QR verification host of production.' }
    )
}
