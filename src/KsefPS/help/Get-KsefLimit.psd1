@{
    Synopsis    = 'Shows the limits KSeF applies to the session: session sizes, certificate counts, request rates per group.'
    Description = @'
Reads /limits/context (invoices per online and batch session, invoice sizes with and without attachments),
/limits/subject (how many certificates and enrollments the logged-in subject may have) and /rate-limits (requests per
second, minute and hour for each group KSeF counts — groups added by later KSeF versions show by their names). KsefPS
paces its own requests by these rates; a script that plans a large run can read them here.
'@
    Parameters  = @{
        Session   = 'The KSeF session to use instead of the current one.'
        StorePath = 'The store file to use instead of $env:KSEFPS_STORE or the per-user default.'
    }
    Examples    = @(
        @{ Code = '(Get-KsefLimit).RateLimits | Format-Table'; Remarks = 'Requests per second, minute and hour, per group.' }
        @{ Code = '(Get-KsefLimit).BatchSession.MaxInvoices'; Remarks = 'How many invoices one batch session may carry.' }
    )
}
