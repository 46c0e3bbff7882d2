using System.Management.Automation;
using KsefPS.Core.Offline;
using KsefPS.Core.Security;
using KsefPS.Infrastructure;

namespace KsefPS.Cmdlets.Offline;

[Cmdlet(VerbsCommon.New, "KsefQrCode", SupportsShouldProcess = true)]
[OutputType(typeof(FileInfo))]
public sealed class NewKsefQrCodeCommand : KsefCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("InvoiceLink")]
    [ValidateNotNullOrEmpty]
    public string Url { get; set; } = "";

    [Parameter(Position = 1)]
    [AllowEmptyString]
    public string Label { get; set; } = "";

    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    /// <summary>Png or Svg; default from the file extension.</summary>
    [Parameter]
    public QrImageFormat? ImageFormat { get; set; }

    protected override void ProcessRecord()
    {
        var target = ResolvePath(Path);
        var format = ImageFormat ?? (target.EndsWith(".svg", StringComparison.OrdinalIgnoreCase) ? QrImageFormat.Svg : QrImageFormat.Png);
        if (!ShouldProcess(target, $"Write a {format} QR code labelled '{Label}'"))
        {
            return;
        }
        PerItem(() =>
        {
            AtomicFile.Write(target, QrImage.Render(Url, Label, format));
            WriteFile(target);
        });
    }
}
