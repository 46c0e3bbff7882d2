using System.Management.Automation;
using System.Security;
using KsefPS.Core.Certificates;
using KsefPS.Core.Errors;
using KsefPS.Core.Security;
using KsefPS.Core.Store;
using KsefPS.Infrastructure;

namespace KsefPS.Cmdlets.Certificates;

[Cmdlet(VerbsData.Export, "KsefCertificate", DefaultParameterSetName = ByName, SupportsShouldProcess = true,
    ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(FileInfo))]
public sealed class ExportKsefCertificateCommand : StoreCmdlet
{
    private const string ByName = "Name";
    private const string ByInputObject = "InputObject";

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByName)]
    [ArgumentCompleter(typeof(StoredCertificateNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = "";

    [Parameter(Mandatory = true, ParameterSetName = ByInputObject, ValueFromPipeline = true)]
    public StoredCertificate? InputObject { get; set; }

    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    [Parameter]
    public ExportFormat Format { get; set; } = ExportFormat.Pem;

    [Parameter]
    public SecureString? Password { get; set; }

    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecord()
    {
        PerItem(() =>
        {
            using var store = OpenStoreToFindCertificate(InputObject?.Name ?? Name, InputObject is not null && StorePath is null ? InputObject.StorePath : null);
            var entry = InputObject ?? CertificateSelection.ByExactName(store, Name);
            var target = TargetPath(entry);
            if (File.Exists(target) && !Force)
            {
                throw new KsefException(ErrorIds.ExportTargetExists, KsefErrorKind.ResourceExists,
                    $"'{target}' exists; use -Force to overwrite it.", target);
            }
            if (Format == ExportFormat.Pfx && (Password is null || Password.Length == 0))
            {
                throw new KsefException(ErrorIds.ExportPasswordRequired, KsefErrorKind.InvalidArgument,
                    "A PFX export carries the private key and needs -Password.", entry.Name);
            }
            var withKey = CertificateExporter.NeedsPrivateKey(Format);
            if (withKey && entry.KeySource != KeySource.Store)
            {
                throw new KsefException(ErrorIds.KeyNotExportable, KsefErrorKind.InvalidOperation,
                    $"The private key of '{entry.Name}' stays in {entry.KeyReference}; it is not KsefPS's to export. The certificate itself exports (-Format Pem, Der).", entry.Name);
            }
            var action = withKey ? $"Write the PRIVATE KEY of '{entry.Name}' ({Format})" : $"Write the certificate '{entry.Name}' ({Format})";
            if (!ShouldProcess(target, action) || (withKey && !ConfirmPrivateKeyExport(target, entry)))
            {
                return;
            }
            byte[] content;
            if (withKey)
            {
                using var keyed = WithStoreKey(store, () => store.OpenCertificate(entry));
                content = CertificateExporter.EncodeWithKey(keyed, Format, Password);
                if (Format == ExportFormat.Key && (Password is null || Password.Length == 0))
                {
                    WriteWarning($"The private key is written unencrypted to '{target}' (mode 0600). Give -Password to encrypt it.");
                }
            }
            else
            {
                content = CertificateExporter.EncodeCertificate(entry.Certificate, Format);
            }
            try
            {
                AtomicFile.Write(target, content, secret: true);
            }
            finally
            {
                System.Security.Cryptography.CryptographicOperations.ZeroMemory(content);
            }
            WriteFile(target);
        });
    }

    /// <summary>
    /// Private-key export is High impact while the cmdlet as a whole is Medium (a public PEM needs no prompt): ask
    /// unless -Confirm:$false or -Force was given, or $ConfirmPreference is None; never prompt where nobody can answer.
    /// </summary>
    private bool ConfirmPrivateKeyExport(string target, StoredCertificate entry)
    {
        if (Force || MyInvocation.BoundParameters.ContainsKey("Confirm")
            || GetVariableValue("ConfirmPreference") is ConfirmImpact.None)
        {
            return true;
        }
        if (!IsInteractive())
        {
            throw new KsefException(ErrorIds.ExportConfirmationRequired, KsefErrorKind.PermissionDenied,
                $"Exporting the private key of '{entry.Name}' needs confirmation; in a non-interactive session pass -Confirm:$false.", entry.Name);
        }
        return ShouldContinue($"Write the private key of '{entry.Name}' to '{target}'?", "Export a private key");
    }


    private string TargetPath(StoredCertificate entry)
    {
        var path = ResolvePath(Path);
        if (!Directory.Exists(path))
        {
            var folder = System.IO.Path.GetDirectoryName(path);
            if (folder is not null && !Directory.Exists(folder))
            {
                throw new KsefException(ErrorIds.OutputDirectoryNotFound, KsefErrorKind.ObjectNotFound,
                    $"The folder '{folder}' does not exist; KsefPS does not create folders for exported keys. Create it first or choose another -Path.", folder);
            }
            return path;
        }
        var extension = Format switch
        {
            ExportFormat.Pem => ".pem",
            ExportFormat.Der => ".cer",
            ExportFormat.Pfx => ".pfx",
            _ => ".key.pem",
        };
        var safeName = string.Concat(entry.Name.Select(c => System.IO.Path.GetInvalidFileNameChars().Contains(c) ? '_' : c));
        return System.IO.Path.Combine(path, safeName + extension);
    }
}
