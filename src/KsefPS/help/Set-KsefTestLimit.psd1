@{
    Synopsis    = 'KSeF TEST only: changes the limits of the session''s context (request rates per group, session sizes) or of its subject (certificates), or puts them back.'
    Description = 'Calls TEST''s /testdata/rate-limits and /testdata/limits/context/session for the context of the current session (they need its access token). -PerSecond, -PerMinute and -PerHour set the rate limits of the groups given with -Group (every group when left out; the others keep what is in force), -ProductionRateLimits puts production''s in force (TEST runs higher ones by default), -SessionType with -MaxInvoices, -MaxInvoiceSizeMB and -MaxInvoiceWithAttachmentSizeMB changes what one online or batch session takes, -MaxEnrollments and -MaxCertificates change how many enrollments and active KSeF certificates the session''s own subject may have (/testdata/limits/subject/certificate: the subject''s limits, not the context''s; Get-KsefCertificateLimit shows them), and -Reset puts all of them back to their defaults. KsefPS''s own pacing reads the new rate limits on its next request, and Send-KsefInvoice reads the session limits when it starts. Refused with TestOnly on Demo and Production; nothing is sent there.'
    Parameters  = @{
        Group                          = 'Rate-limit groups to change (onlineSession, invoiceSend, invoiceDownload, …; Get-KsefLimit lists them); every group when left out.'
        PerSecond                      = 'Requests a second the groups allow.'
        PerMinute                      = 'Requests a minute the groups allow.'
        PerHour                        = 'Requests an hour the groups allow.'
        ProductionRateLimits           = 'Put production''s rate limits in force in the TEST context.'
        SessionType                    = 'Online or Batch: whose session limits change.'
        MaxInvoices                    = 'Invoices one session takes (0–100,000); unchanged when left out.'
        MaxInvoiceSizeMB               = 'Largest invoice without attachments, in MB (0–5); unchanged when left out.'
        MaxInvoiceWithAttachmentSizeMB = 'Largest invoice with attachments, in MB (0–10); unchanged when left out.'
        MaxEnrollments                 = 'Enrollments the session''s subject may make; unchanged when left out.'
        MaxCertificates                = 'Active KSeF certificates the session''s subject may hold; unchanged when left out.'
        Reset                          = 'Put the context''s rate limits and session limits, and the subject''s certificate limits, back to their defaults.'
        Session                        = 'The session from Connect-Ksef; by default the current one.'
        StorePath                      = 'The store file to use instead of $env:KSEFPS_STORE or the per-user default.'
        WhatIf                         = 'Shows what would change without changing it.'
        Confirm                        = 'Asks before changing the limits.'
    }
    Examples    = @(
        @{ Code = 'Set-KsefTestLimit -Group invoiceSend -PerSecond 2 -PerMinute 10 -PerHour 100'; Remarks = 'Tighter sending limits, to see a run pace itself.' }
        @{ Code = 'Set-KsefTestLimit -ProductionRateLimits'; Remarks = 'Rehearse a billing run under production''s limits in TEST.' }
        @{ Code = 'Set-KsefTestLimit -SessionType Batch -MaxInvoices 100'; Remarks = 'Small batch sessions: a run of 250 invoices goes in three.' }
        @{ Code = 'Set-KsefTestLimit -MaxCertificates 1'; Remarks = 'Rehearse what Request-KsefCertificate does when the certificate limit is reached.' }
        @{ Code = 'Set-KsefTestLimit -Reset'; Remarks = 'The defaults again.' }
    )
}
