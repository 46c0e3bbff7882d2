using System.Security.Cryptography;
using KsefPS.Core.Invoices;

namespace KsefPS.Core.Tests.Invoices;

/// <summary>
/// The sizes KSeF is told (BRIEF §11.8, from the OpenAPI examples): the ciphertext is the plaintext rounded up to the
/// next multiple of 16, a whole block when it is already aligned, with no IV in front; what is encrypted decrypts with
/// the key and IV the cipher hands out, as KSeF does.
/// </summary>
public sealed class SessionCipherTests
{
    [Theory]
    [InlineData(6480, 6496)] // POST /sessions/online/{ref}/invoices example: invoiceSize → encryptedInvoiceSize
    [InlineData(1, 16)]
    [InlineData(16, 32)]
    [InlineData(0, 16)]
    public void An_invoice_is_encrypted_to_the_size_KSeF_expects(int plainSize, int encryptedSize)
    {
        using var cipher = new SessionCipher();
        var plain = RandomNumberGenerator.GetBytes(plainSize);
        var encrypted = cipher.Encrypt(plain);
        Assert.Equal(encryptedSize, encrypted.Length);
        Assert.Equal(plain, DecryptWithHandedOutKey(cipher, encrypted));
    }

    [Fact]
    public void A_part_streamed_through_the_encryptor_has_the_size_of_the_export_example()
    {
        // GET /invoices/exports/{ref} example: partSize 22425060 → encryptedPartSize 22425072.
        const int PartSize = 22_425_060;
        using var cipher = new SessionCipher();
        var plain = new byte[PartSize];
        new Random(8).NextBytes(plain);
        using var encrypted = new MemoryStream();
        using (var encrypting = new CryptoStream(encrypted, cipher.CreateEncryptor(), CryptoStreamMode.Write, leaveOpen: true))
        {
            encrypting.Write(plain);
        }
        Assert.Equal(22_425_072, encrypted.Length);
        Assert.Equal(plain, cipher.Decrypt(encrypted.ToArray()));
    }

    private static byte[] DecryptWithHandedOutKey(SessionCipher cipher, byte[] encrypted)
    {
        var material = cipher.ExportKeyMaterial();
        try
        {
            using var aes = Aes.Create();
            aes.Key = material[..32];
            return aes.DecryptCbc(encrypted, material[32..], PaddingMode.PKCS7);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(material);
        }
    }
}
