using System.Management.Automation;
using System.Security;
using KsefPS.Core.Pkcs11;
using KsefPS.Infrastructure;

namespace KsefPS.Cmdlets.Certificates;

/// <summary>
/// What the tokens of a PKCS#11 library hold — keys with their certificates, by id and label — so a user can pick one
/// and pipe it into Add-KsefCertificate. Private keys show only after a login (-Pin).
/// </summary>
[Cmdlet(VerbsCommon.Get, "KsefPkcs11Certificate")]
[OutputType(typeof(Pkcs11Object))]
public sealed class GetKsefPkcs11CertificateCommand : KsefCmdlet
{
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string? Pkcs11Library { get; set; }

    [Parameter]
    public string? TokenLabel { get; set; }

    [Parameter]
    public string? TokenSerial { get; set; }

    [Parameter]
    public SecureString? Pin { get; set; }

    protected override void ProcessRecord()
    {
        var library = LibraryPath(Pkcs11Library!);
        var pin = Pin is null ? null : TokenPin(Pin, library);
        var found = Terminating(() => Pkcs11Inventory.List(library, TokenLabel, TokenSerial, pin).ToList());
        if (pin is null)
        {
            WriteVerbose("No -Pin: private objects stay hidden, so keys show by their public halves and certificates only.");
        }
        WriteObject(found, enumerateCollection: true);
    }
}
