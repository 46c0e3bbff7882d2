@{
    Synopsis    = 'Authenticates to KSeF and returns a session that keeps itself alive; it becomes the current session.'
    Description = @'
Signs the KSeF challenge with XAdES (enveloped XAdES-BES; RSA or ECDSA) using an Authentication certificate, or encrypts
a KSeF token with the Ministry's public key, submits it, waits for KSeF to verify it (polling without fixed sleeps),
redeems the access and refresh tokens, and returns a KsefSession. The session becomes the current session of this
runspace: every cmdlet that talks to KSeF uses it unless given -Session. A stored certificate within 30 days of its end
is said in a warning (so is Protect-KsefInvoice's Offline certificate), weeks before KSeF refuses it.

The session refreshes its access token before it expires, one refresh at a time however many threads use it, and
authenticates again with the same credential when the refresh token has expired or was revoked. Tokens never appear in
output, verbose or debug text, or error messages.

Credentials: -Certificate takes a stored certificate's name, an entry from Get-KsefCertificate, or an X509Certificate2
with its private key (a certificate from Cert:\CurrentUser\My, or one a runbook was handed), whose key is used where it
is and never copied, so a key that refuses export works and the session signs with it again when it re-authenticates;
-CertificatePath reads a PFX/PEM file; -Token takes a KSeF token as a SecureString; -TokenName uses
a token kept in the store by New-KsefToken -Name. Only Authentication certificates of the matching environment are
used: an Offline certificate, or one stored for another environment, is refused before anything is sent.

HTTP: a 429 is waited out as KSeF asks (Retry-After) up to -MaxRetryWait; idempotent calls are retried on 5xx and lost
connections with jittered back-off; a signed request whose answer was lost is never resent (a new challenge is signed
instead). Ctrl+C cancels the call in flight. -Verbose narrates each step of the protocol.
'@
    Parameters  = @{
        Environment           = 'Test, Demo or Production. Default: the environment of the stored certificate or token, else Test.'
        ApiUrl                = 'The API base address to use instead of the environment''s, e.g. the local emulator or a proxy.'
        Nip                   = 'Connect in the context of this NIP: ten digits (dashes allowed), no x00 tax office, and for Production a right control digit (KSeF checks control digits there only; Test and Demo take any NIP of that shape).'
        InternalId            = 'Connect in the context of this internal identifier (NIP-5 digits).'
        NipVatUe              = 'Connect in the composite context of a NIP and an EU VAT number (e.g. 5265877635-ATU12345678).'
        PeppolId              = 'Connect as a Peppol service provider in its own context (e.g. PPL123456), with its own certificate: a seal whose common name is the id. The first login registers the provider in KSeF.'
        Certificate           = 'The Authentication certificate: a stored certificate''s name, an entry from Get-KsefCertificate (pipeline), or an X509Certificate2 with its private key.'
        CertificatePath       = 'A certificate file with its private key (PFX/P12, or PEM with the key in the same file).'
        Password              = 'The password of the -CertificatePath file.'
        Token                 = 'A KSeF token, as a SecureString.'
        TokenName             = 'The name of a KSeF token kept in the store (New-KsefToken -Name). Its context is used unless one is given.'
        SubjectIdentifierType = 'CertificateSubject (default: the NIP or PESEL in the certificate subject) or CertificateFingerprint (the SHA-256 fingerprint, for certificates granted permissions by fingerprint).'
        AllowedIp             = 'Restrict the session''s tokens to these IPv4 addresses, ranges (a.b.c.d-e.f.g.h) and masks (a.b.c.d/nn); up to 10 of each.'
        MaxRetryWait          = 'The longest Retry-After to wait out on a 429 (a TimeSpan or seconds; default 60 s). A longer one fails at once with KsefRateLimited.'
        StorePath             = 'The store file to use instead of $env:KSEFPS_STORE or the per-user default.'
        Pin = 'The PIN of the token that holds the key of a stored PKCS#11 entry. Default: the PIN saved with the entry, or asked for in an interactive session. Kept in memory for the sessions re-authentications.'
    }
    Examples    = @(
        @{ Code = 'Connect-Ksef -Environment Test -Nip 5265877635 -Certificate MyTestCert'; Remarks = 'Logs in to KSeF TEST with a stored certificate; the session is current for the runspace.' }
        @{ Code = 'Get-KsefCertificate Prod2026 | Connect-Ksef -Nip 5265877635 -Verbose'; Remarks = 'A stored entry from the pipeline; -Verbose shows each protocol step (never a token).' }
        @{ Code = 'Connect-Ksef -TokenName NightlyJob'; Remarks = 'An unattended job logs in with a KSeF token kept encrypted in the store.' }
        @{ Code = 'Connect-Ksef -ApiUrl http://127.0.0.1:5080 -Nip 5265877635 -Certificate MyTestCert'; Remarks = 'Against the local KsefPS emulator.' }
        @{ Code = 'Connect-Ksef -PeppolId PPL123456 -Certificate ProviderSeal'; Remarks = 'A Peppol service provider logs in to its own context; it then sends the PEF invoices of the companies that authorized it.' }
    )
}
