@{
    Synopsis    = 'Writes a QR code image with a label under it, for any KSeF link.'
    Description = 'Renders the URL as a QR code (ISO/IEC 18004, error correction M, quiet zone) with the label below, as PNG or SVG. Use it for online invoices (KOD I labelled with the KSeF number: Send-KsefInvoice and Get-KsefInvoice results carry the link as InvoiceLink) or any other link. The PNG encoder and label font are built in: no native graphics library is needed.'
    Parameters  = @{
        Url         = 'The link to encode (also InvoiceLink from the pipeline).'
        Label       = 'The text under the code, e.g. the KSeF number, OFFLINE or CERTYFIKAT.'
        Path        = 'The image file to write.'
        ImageFormat = 'Png or Svg; default from the file extension (.svg means Svg).'
    }
    Examples    = @(
        @{ Code = '$sent = Send-KsefInvoice ./fv-0001.xml -Wait; New-KsefQrCode -Url $sent.InvoiceLink -Label $sent.KsefNumber -Path ./fv-0001.png'; Remarks = 'KOD I of an online invoice, labelled with its KSeF number.' }
        @{ Code = 'Get-KsefInvoice -SubjectType Seller -From (Get-Date).Date | ForEach-Object { New-KsefQrCode -Url $_.InvoiceLink -Label $_.KsefNumber -Path "./qr/$($_.KsefNumber).png" }'; Remarks = 'KOD I of the invoices KSeF has of today, from their metadata.' }
    )
}
