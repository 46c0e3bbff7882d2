@{
    Synopsis    = 'Writes a QR code image with a label under it, for any KSeF link.'
    Description = 'Renders the URL as a QR code (ISO/IEC 18004, error correction M, quiet zone) with the label below, as PNG or SVG. Use it for online invoices (KOD I labelled with the KSeF number) or any other link. The PNG encoder and label font are built in: no native graphics library is needed.'
    Parameters  = @{
        Url         = 'The link to encode (also InvoiceLink from the pipeline).'
        Label       = 'The text under the code, e.g. the KSeF number, OFFLINE or CERTYFIKAT.'
        Path        = 'The image file to write.'
        ImageFormat = 'Png or Svg; default from the file extension (.svg means Svg).'
    }
    Examples    = @(
        @{ Code = 'New-KsefQrCode -Url $invoiceLink -Label 5265877635-20250826-0100001AF629-AF -Path ./fv-0001.png'; Remarks = 'KOD I of an online invoice, labelled with its KSeF number.' }
    )
}
