@{
    Synopsis    = 'Draws random, checksum-valid NIP or PESEL numbers, or Peppol provider ids, for the KSeF TEST environment.'
    Description = @'
KSeF TEST is shared by every integrator: use random identifiers so that your data does not mix with others'. A NIP has
ten digits with a weighted mod-11 control digit; a PESEL has eleven digits, a real birth date and a mod-10 control
digit. The numbers are random, not real people's or companies'; a drawn one may coincide with a real one by chance,
so never use them outside TEST.
'@
    Parameters  = @{
        Type  = 'Nip (default), Pesel, or PeppolId (PPL and six random digits).'
        Count = 'How many identifiers to draw (default 1).'
    }
    Defaults    = @{ Type = 'Nip'; Count = '1' }
    Examples    = @(
        @{ Code = '$nip = New-KsefTestIdentifier'; Remarks = 'A random valid NIP.' }
        @{ Code = 'New-KsefTestIdentifier -Type Pesel -Count 3'; Remarks = 'Three random valid PESEL numbers.' }
    )
}
