using System.Management.Automation;
using KsefPS.Core.Errors;
using KsefPS.Core.Identifiers;
using KsefPS.Core.Offline;
using KsefPS.Core.Security;
using KsefPS.Infrastructure;

namespace KsefPS.Cmdlets.Offline;

[Cmdlet(VerbsCommon.New, "KsefQrCode", DefaultParameterSetName = ToFile, SupportsShouldProcess = true)]
[OutputType(typeof(FileInfo))]
public sealed class NewKsefQrCodeCommand : KsefCmdlet
{
    private const string ToFile = "Path";
    private const string ToDirectory = "OutputDirectory";

    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("InvoiceLink")]
    [ValidateNotNullOrEmpty]
    public string Url { get; set; } = "";

    /// <summary>The text under the code; into a folder, the KSeF number the image is named after (bound from results).</summary>
    [Parameter(Position = 1, ParameterSetName = ToFile)]
    [Parameter(ParameterSetName = ToDirectory, ValueFromPipelineByPropertyName = true)]
    [Alias("KsefNumber")]
    [AllowEmptyString]
    [AllowNull]
    public string? Label { get; set; } = "";

    [Parameter(Mandatory = true, ParameterSetName = ToFile)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    /// <summary>Where KOD I images of accepted invoices go, each named after its KSeF number.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ToDirectory)]
    [ValidateNotNullOrEmpty]
    public string OutputDirectory { get; set; } = "";

    /// <summary>Png or Svg; default from the file extension.</summary>
    [Parameter]
    public QrImageFormat? ImageFormat { get; set; }

    private string? _directory;

    protected override void ProcessRecord() => PerItem(() =>
    {
        var (target, format) = ParameterSetName == ToDirectory ? InDirectory() : (ResolvePath(Path), ImageFormat ?? FormatOf(Path));
        var label = Label ?? "";
        if (!ShouldProcess(target, $"Write a {format} QR code labelled '{label}'"))
        {
            return;
        }
        OutputFolder.Ensure(System.IO.Path.GetDirectoryName(target)!);
        AtomicFile.Write(target, QrImage.Render(Url, label, format));
        WriteFile(target);
    });

    /// <summary>KOD I of an accepted invoice, labelled with its KSeF number and named after it (kody-qr.md).</summary>
    private (string Target, QrImageFormat Format) InDirectory()
    {
        if (string.IsNullOrWhiteSpace(Label))
        {
            throw new KsefException(ErrorIds.KsefNumberInvalid, KsefErrorKind.InvalidArgument,
                $"'{UntrustedText.Quote(Url)}' has no KSeF number to label and name its image with (not accepted yet?); give -Path with -Label OFFLINE for one KSeF has not numbered.",
                Url);
        }
        var number = KsefNumber.Require(Label);
        var format = ImageFormat ?? QrImageFormat.Png;
        _directory ??= ResolveOutputDirectory(OutputDirectory); // once a run, not for every image piped in
        return (System.IO.Path.Combine(_directory, number + QrImage.Extension(format)), format);
    }

    private static QrImageFormat FormatOf(string path) => path.EndsWith(".svg", StringComparison.OrdinalIgnoreCase) ? QrImageFormat.Svg : QrImageFormat.Png;
}
