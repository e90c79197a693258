using System.Security.Cryptography;
using NSec.Cryptography;

namespace Crible.Server.Tests.Matrix;

/// <summary>The sender's side of libolm's PkEncryption, as a Matrix client runs it before calling the content
/// scanner; written from libolm's pk.cpp and cipher.cpp and checked against a message libolm made
/// (<see cref="OlmPkDecryptionTests"/>).</summary>
public static class OlmPkEncryptor
{
    /// <summary>Encrypts for <paramref name="recipientPublicKey"/> (unpadded base64) with a fresh ephemeral key, or
    /// with <paramref name="ephemeralPrivateKey"/> when given (libolm takes it as its "random" input).</summary>
    public static (string Ciphertext, string Mac, string Ephemeral) Encrypt(string recipientPublicKey, byte[] plaintext, byte[]? ephemeralPrivateKey = null)
    {
        var algorithm = KeyAgreementAlgorithm.X25519;
        var exportable = new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport };
        using var ephemeral = ephemeralPrivateKey is null
            ? Key.Create(algorithm, exportable)
            : Key.Import(algorithm, ephemeralPrivateKey, KeyBlobFormat.RawPrivateKey, exportable);
        var recipient = PublicKey.Import(algorithm, Decode(recipientPublicKey), KeyBlobFormat.RawPublicKey);
        using var shared = algorithm.Agree(ephemeral, recipient, new SharedSecretCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport })!;
        var keys = HKDF.DeriveKey(HashAlgorithmName.SHA256, shared.Export(SharedSecretBlobFormat.RawSharedSecret), 80, salt: [], info: []);

        using var aes = Aes.Create();
        aes.Key = keys[..32];
        var ciphertext = aes.EncryptCbc(plaintext, keys.AsSpan(64, 16), PaddingMode.PKCS7);
        // libolm's MAC is over an empty message, not over the ciphertext.
        var mac = HMACSHA256.HashData(keys.AsSpan(32, 32), ReadOnlySpan<byte>.Empty).AsSpan(0, 8);
        return (Encode(ciphertext), Encode(mac), Encode(ephemeral.PublicKey.Export(KeyBlobFormat.RawPublicKey)));
    }

    public static byte[] Decode(string unpadded) => Convert.FromBase64String(unpadded.PadRight(unpadded.Length + ((4 - (unpadded.Length % 4)) % 4), '='));

    public static string Encode(ReadOnlySpan<byte> bytes) => Convert.ToBase64String(bytes).TrimEnd('=');
}
