namespace KsefPS.Core.Invoices.Sending;

/// <summary>The archive format of a batch package (BRIEF §7.7); KSeF recommends TarGz for large packages.</summary>
public enum PackageCompression
{
    Zip,
    TarGz,
}
