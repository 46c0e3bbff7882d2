using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using KsefPS.Core.Errors;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;

namespace KsefPS.Core.Store;

/// <summary>
/// Wraps the store key under a key derived from a passphrase with Argon2id. The parameters travel in a versioned header
/// beside the wrapped key, so they can be raised later without breaking stores made today.
/// </summary>
public static class PassphraseKeyWrap
{
    private static readonly byte[] AssociatedData = Encoding.ASCII.GetBytes("ksefps/v1/store-key/passphrase");

    public sealed record Parameters(int Version, string Algorithm, int MemoryKiB, int Iterations, int Parallelism, string Salt)
    {
        /// <summary>
        /// 64 MiB (RFC 9106's memory for its second recommended option: the memory is what makes GPU guessing costly),
        /// 2 passes and 1 lane so that an unlock takes about a third of a second with the managed implementation on a
        /// small server (bench/Invoke-Benchmarks.ps1). Stores keep their own parameters, so these can rise later.
        /// </summary>
        public static Parameters NewDefault() =>
            new(1, "argon2id", 64 * 1024, 2, 1, Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)));

        public string ToJson() => JsonSerializer.Serialize(this);

        public static Parameters FromJson(string json) =>
            JsonSerializer.Deserialize<Parameters>(json) is { Version: 1, Algorithm: "argon2id" } p
                ? p
                : throw new KsefException(ErrorIds.StoreCorrupt, KsefErrorKind.InvalidData,
                    "The store's passphrase header has an unknown version; a newer KsefPS may have written it.");

        public override string ToString() => $"Argon2id m={MemoryKiB / 1024} MiB, t={Iterations}, p={Parallelism}";
    }

    public static byte[] Wrap(ReadOnlySpan<byte> storeKey, byte[] passphraseUtf8, Parameters parameters)
    {
        var kek = Derive(passphraseUtf8, parameters);
        try
        {
            return SecretSealer.Seal(kek, storeKey, AssociatedData);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(kek);
        }
    }

    public static byte[] Unwrap(byte[] wrapped, byte[] passphraseUtf8, Parameters parameters)
    {
        var kek = Derive(passphraseUtf8, parameters);
        try
        {
            return SecretSealer.Open(kek, wrapped, AssociatedData);
        }
        catch (KsefException e) when (e.ErrorId == ErrorIds.SealedSecretInvalid)
        {
            throw new KsefException(ErrorIds.StorePassphraseInvalid, KsefErrorKind.AuthenticationError,
                "The passphrase does not unlock this store.", null, e);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(kek);
        }
    }

    public static byte[] Derive(byte[] passphraseUtf8, Parameters parameters)
    {
        var argon = new Argon2Parameters.Builder(Argon2Parameters.Argon2id)
            .WithVersion(Argon2Parameters.Version13)
            .WithMemoryAsKB(parameters.MemoryKiB)
            .WithIterations(parameters.Iterations)
            .WithParallelism(parameters.Parallelism)
            .WithSalt(Convert.FromBase64String(parameters.Salt))
            .Build();
        var generator = new Argon2BytesGenerator();
        generator.Init(argon);
        var kek = new byte[32];
        generator.GenerateBytes(passphraseUtf8, kek);
        return kek;
    }
}
