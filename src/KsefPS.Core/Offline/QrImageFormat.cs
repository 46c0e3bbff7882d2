namespace KsefPS.Core.Offline;

public enum QrImageFormat
{
    Png,
    Svg,
}
