@{
    Synopsis    = 'Lists KSeF tokens kept in the store, or those KSeF knows in the session''s context.'
    Description = 'Without -Remote, lists the tokens in the store (name, reference number, context, description, permissions); the tokens themselves stay sealed. With -Remote, asks KSeF (GET /tokens) over the session and shows each token''s status, author and last use, with the store name where the token is stored.'
    Parameters  = @{
        Name      = 'The name of a stored token; wildcards are allowed. A name without wildcards that no stored token has is a TokenNotFound error; a pattern that matches none gives nothing.'
        Remote    = 'List what KSeF knows in the session''s context (every page of KSeF''s list).'
        Status    = 'With -Remote: only tokens in these states (Pending, Active, Revoking, Revoked, Failed), as KSeF filters them.'
        Session   = 'The session to use with -Remote. Default: the current session.'
        StorePath = 'The store file to use instead of $env:KSEFPS_STORE or the per-user default. This command only reads: where there is no store it makes none, shows nothing and warns with the path it looked at (a mistyped path is not taken for an empty store).'
    }
    Examples    = @(
        @{ Code = 'Get-KsefToken'; Remarks = 'Tokens in the store.' }
        @{ Code = 'Get-KsefToken -Remote -Status Active'; Remarks = 'Active tokens at KSeF.' }
    )
}
