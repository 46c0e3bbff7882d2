@{
    Synopsis    = 'Checks the format and CRC-8 checksum of KSeF numbers.'
    Description = 'Returns $true for each number that has the form NNNNNNNNNN-YYYYMMDD-TTTTTTTTTTTT-CC and whose last two hex digits are the CRC-8 (polynomial 0x07) of the first 32 characters; $false otherwise.'
    Parameters  = @{
        KsefNumber = 'KSeF numbers to check (also from the pipeline).'
    }
    Examples    = @(
        @{ Code = 'Test-KsefNumber 5265877635-20250826-0100001AF629-AF'; Remarks = 'True.' }
        @{ Code = 'Import-Csv ./received.csv | Where-Object { -not (Test-KsefNumber $_.KsefNumber) }'; Remarks = 'Rows with mistyped KSeF numbers.' }
    )
}
