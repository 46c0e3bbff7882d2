@{
    Synopsis    = 'Asks Latarnia, KSeF''s public status service, whether KSeF is available, in maintenance or failing.'
    Description = @'
Reads Latarnia's /status: AVAILABLE, MAINTENANCE (announced unavailability: issue offline, send by the next business
day after it ends), FAILURE (announced failure: emergency mode, 7 business days after it ends) or TOTAL_FAILURE (no
obligation to send, no QR codes), with the announcements (start, end, category, title, text). When Latarnia cannot
be asked — no answer, an error, a garbled answer, or no service published (Demo) — the status is Unknown and Reason
says why: that says nothing about KSeF itself. Never throws for Latarnia's failures, so a scheduled task can branch on
Status. Connected to the local emulator, it asks the emulator, which serves /status too.
'@
    Parameters  = @{
        Environment = 'Test, Demo or Production. Default: the current session''s environment, else Test.'
        StatusUrl   = 'Another status service to ask (its /status is read).'
        Timeout     = 'How long to wait for Latarnia (a TimeSpan, or seconds). Default: 10 seconds.'
    }
    Examples    = @(
        @{ Code = 'Get-KsefStatus Production'; Remarks = 'KSeF production''s status and its announcements.' }
        @{ Code = 'if ((Get-KsefStatus Production).Status -in ''FAILURE'', ''MAINTENANCE'') { $files | Protect-KsefInvoice -Certificate Offline -OutputDirectory ./qr }'; Remarks = 'A billing run that issues offline while KSeF announces unavailability.' }
    )
}
