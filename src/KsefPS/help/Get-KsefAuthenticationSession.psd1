@{
    Synopsis    = 'Lists the active authentications in the session''s context at KSeF: who logged in, how, and until when.'
    Description = 'Asks KSeF (GET /auth/sessions, every page) for the authentications of the session''s context that are still active, newest first: the reference number, when it started, the method (qualified seal or signature, KSeF certificate, KSeF token, trusted profile…), the status, the last token refresh and how long its refresh token lives. IsCurrent marks the one this session uses. Pipe one to Revoke-KsefAuthenticationSession to end a login you do not recognise.'
    Parameters  = @{
        Current   = 'Only the authentication this session itself uses.'
        Session   = 'The session to use. Default: the current session.'
        StorePath = 'The store file to use instead of $env:KSEFPS_STORE or the per-user default.'
    }
    Examples    = @(
        @{ Code = 'Get-KsefAuthenticationSession'; Remarks = 'Every active login in the context.' }
        @{ Code = 'Get-KsefAuthenticationSession | Where-Object { -not $_.IsCurrent -and $_.Method.Category -eq ''Token'' }'; Remarks = 'Logins made with KSeF tokens, other than this one.' }
    )
}
