namespace KsefPS.Core.Certificates;

public enum KeyAlgorithm
{
    EcP256,
    Rsa2048,
}
