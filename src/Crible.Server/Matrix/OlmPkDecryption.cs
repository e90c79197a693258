using System.Security.Cryptography;
using Crible.Server.Security;
using NSec.Cryptography;

namespace Crible.Server.Matrix;

/// <summary>
/// Opens the <c>encrypted_body</c> of content-scanner requests: libolm's PkEncryption
/// (<c>m.megolm_backup.v1.curve25519-aes-sha2</c>). X25519 between the sender's ephemeral key and our private key;
/// HKDF-SHA-256 of the shared secret with an empty salt and empty info gives 80 bytes: the AES-256 key, the HMAC key
/// and the CBC IV; the ciphertext is AES-256-CBC with PKCS#7 padding.
/// </summary>
/// <remarks>libolm computes the 8-byte MAC over an empty message rather than over the ciphertext (vodozemac keeps
/// that for compatibility), so the MAC proves the sender used our public key but does not authenticate the
/// ciphertext: a changed ciphertext is caught by the padding or by the JSON that must come out.</remarks>
public sealed class OlmPkDecryption : IDisposable
{
    /// <summary>Largest base64 ciphertext opened: the body carries a file's metadata, well under a kilobyte.</summary>
    public const int MaxCiphertextChars = 64 * 1024;

    private const int KeyLength = 32;
    private const int MacLength = 8;
    private const int AesKeyLength = 32;
    private const int HmacKeyLength = 32;
    private const int IvLength = 16;

    private static readonly KeyAgreementAlgorithm X25519 = KeyAgreementAlgorithm.X25519;
    private readonly Key _key;

    /// <summary>A decryptor for a raw 32-byte Curve25519 private key.</summary>
    public OlmPkDecryption(ReadOnlySpan<byte> privateKey)
    {
        if (privateKey.Length != KeyLength)
        {
            throw new ArgumentException($"A Curve25519 private key is {KeyLength} bytes, not {privateKey.Length}.", nameof(privateKey));
        }

        _key = Key.Import(X25519, privateKey, KeyBlobFormat.RawPrivateKey, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport });
        PublicKey = UnpaddedBase64.Encode(_key.PublicKey.Export(KeyBlobFormat.RawPublicKey));
    }

    /// <summary>The public key as <c>GET .../public_key</c> serves it: unpadded base64 of 32 bytes.</summary>
    public string PublicKey { get; }

    /// <summary>The key pair in <paramref name="keyPath"/> (base64 of the private key), made there on first use and
    /// readable by the service's user only, like the server's other keys.</summary>
    public static OlmPkDecryption LoadOrCreate(string keyPath)
    {
        byte[] stored;
        try
        {
            stored = KeyFile.LoadOrCreate(keyPath, KeyLength);
        }
        catch (FormatException exception)
        {
            throw new InvalidOperationException($"The Matrix key file {keyPath} is not base64 of a 32-byte Curve25519 private key.", exception);
        }

        try
        {
            return stored.Length == KeyLength
                ? new OlmPkDecryption(stored)
                : throw new InvalidOperationException($"The Matrix key file {keyPath} holds {stored.Length} bytes, not a 32-byte Curve25519 private key.");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(stored);
        }
    }

    /// <summary>The plaintext, or null when the message does not open with our key (bad base64, wrong lengths,
    /// another public key, a wrong MAC or bad padding).</summary>
    public byte[]? Decrypt(string ciphertext, string mac, string ephemeral)
    {
        ArgumentNullException.ThrowIfNull(ciphertext);
        if (ciphertext.Length > MaxCiphertextChars)
        {
            return null;
        }

        byte[] encrypted, givenMac, ephemeralKey;
        try
        {
            encrypted = UnpaddedBase64.Decode(ciphertext);
            givenMac = UnpaddedBase64.Decode(mac);
            ephemeralKey = UnpaddedBase64.Decode(ephemeral);
        }
        catch (FormatException)
        {
            return null;
        }

        if (givenMac.Length != MacLength || encrypted.Length == 0 || encrypted.Length % IvLength != 0
            || !NSec.Cryptography.PublicKey.TryImport(X25519, ephemeralKey, KeyBlobFormat.RawPublicKey, out var senderKey) || senderKey is null)
        {
            return null;
        }

        var keys = DeriveKeys(senderKey);
        if (keys is null)
        {
            return null;
        }

        try
        {
            var expectedMac = HMACSHA256.HashData(keys.AsSpan(AesKeyLength, HmacKeyLength), ReadOnlySpan<byte>.Empty);
            if (!CryptographicOperations.FixedTimeEquals(expectedMac.AsSpan(0, MacLength), givenMac))
            {
                return null;
            }

            using var aes = Aes.Create();
            aes.Key = keys.AsSpan(0, AesKeyLength).ToArray();
            return aes.DecryptCbc(encrypted, keys.AsSpan(AesKeyLength + HmacKeyLength, IvLength), PaddingMode.PKCS7);
        }
        catch (CryptographicException)
        {
            return null;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(keys);
        }
    }

    public void Dispose() => _key.Dispose();

    /// <summary>AES key, HMAC key and IV from the shared secret; null when the sender's key gives no usable secret
    /// (a low-order point makes an all-zero secret, which libsodium refuses).</summary>
    private byte[]? DeriveKeys(PublicKey senderKey)
    {
        using var shared = X25519.Agree(_key, senderKey, new SharedSecretCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport });
        if (shared is null)
        {
            return null;
        }

        var secret = shared.Export(SharedSecretBlobFormat.RawSharedSecret);
        try
        {
            return HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, AesKeyLength + HmacKeyLength + IvLength, salt: [], info: []);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }
}
