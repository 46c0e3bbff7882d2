using System.Management.Automation;
using Org.BouncyCastle.Crypto.Digests;

namespace OtherBouncyCastle;

/// <summary>Uses its own BouncyCastle so that the older copy is really loaded into the default context.</summary>
[Cmdlet(VerbsCommon.Get, "OtherBouncyCastle")]
public sealed class GetOtherBouncyCastleCommand : PSCmdlet
{
    protected override void ProcessRecord()
    {
        var digest = new Sha256Digest();
        var output = new byte[digest.GetDigestSize()];
        digest.DoFinal(output, 0);
        var location = typeof(Sha256Digest).Assembly.Location;
        WriteObject(System.Diagnostics.FileVersionInfo.GetVersionInfo(location).FileVersion);
    }
}
