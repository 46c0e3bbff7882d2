@{
    Synopsis    = 'Writes a QR code image with a label under it, for any KSeF link.'
    Description = 'Renders the URL as a QR code (ISO/IEC 18004, error correction M, quiet zone) with the label below, as PNG or SVG. Use it for online invoices (KOD I labelled with the KSeF number: Send-KsefInvoice and Get-KsefInvoice results carry the link as InvoiceLink) or any other link. The PNG encoder and label font are built in: no native graphics library is needed.'
    Parameters  = @{
        Url         = 'The link to encode (also InvoiceLink from the pipeline).'
        Label       = 'The text under the code, e.g. the KSeF number, OFFLINE or CERTYFIKAT. With -OutputDirectory, the KSeF number (also KsefNumber from the pipeline), which names the image too.'
        Path        = 'The image file to write (its folder is created if missing).'
        OutputDirectory = 'A folder for KOD I images of accepted invoices, each <KSeF number>.png (or .svg): pipe Send-KsefInvoice or Get-KsefInvoice results in. A result without a KSeF number (not accepted yet) is a KsefNumberInvalid error for that item.'
        ImageFormat = 'Png or Svg; default from the file extension (.svg means Svg).'
    }
    Examples    = @(
        @{ Code = '$sent = Send-KsefInvoice ./fv-0001.xml -Wait; New-KsefQrCode -Url $sent.InvoiceLink -Label $sent.KsefNumber -Path ./fv-0001.png'; Remarks = 'KOD I of an online invoice, labelled with its KSeF number.' }
        @{ Code = 'Send-KsefInvoice ./billing -Wait | New-KsefQrCode -OutputDirectory ./qr'; Remarks = 'KOD I of every invoice KSeF accepted, as ./qr/<KSeF number>.png, for its PDF or print.' }
        @{ Code = 'Get-KsefInvoice -SubjectType Seller -From (Get-Date).Date | New-KsefQrCode -OutputDirectory ./qr -ImageFormat Svg'; Remarks = 'The same from KSeF''s metadata of today''s invoices, as SVG.' }
    )
}
