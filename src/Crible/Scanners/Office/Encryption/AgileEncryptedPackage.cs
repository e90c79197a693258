using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Crible.Scanners.Office.Encryption;

/// <summary>
/// An OOXML package under ECMA-376 Agile Encryption (MS-OFFCRYPTO 2.3.4.10 to 2.3.4.15). A password's key decrypts
/// the verifier; a right one then decrypts the package key, which decrypts the EncryptedPackage stream in 4096-byte
/// segments, each with the IV H(keyData salt + segment index). The data integrity HMAC, when present, is checked.
/// </summary>
internal sealed class AgileEncryptedPackage(AgileEncryptionDescriptor descriptor, byte[] package) : IEncryptedDocument
{
    private const int SegmentLength = 4096;
    private static readonly byte[] VerifierInputBlock = [0xFE, 0xA7, 0xD2, 0x76, 0x3B, 0x4B, 0x9E, 0x79];
    private static readonly byte[] VerifierValueBlock = [0xD7, 0xAA, 0x0F, 0x6D, 0x30, 0x61, 0x34, 0x4E];
    private static readonly byte[] KeyValueBlock = [0x14, 0x6E, 0x0B, 0xE7, 0xAB, 0xAC, 0xD0, 0xD6];
    private static readonly byte[] HmacKeyBlock = [0x5F, 0xB2, 0xAD, 0x01, 0x0C, 0xB9, 0xE1, 0xF6];
    private static readonly byte[] HmacValueBlock = [0xA0, 0x67, 0x7F, 0x02, 0xB2, 0x2C, 0x84, 0x33];
    private byte[]? _packageKey;

    public string Scheme => $"Agile, {descriptor.PasswordKey.Describe()}, {descriptor.SpinCount} spins";

    public long HashesPerPassword => Math.Max(1, descriptor.SpinCount);

    public bool TryPassword(string password, CancellationToken cancellation)
    {
        var passwordKey = descriptor.PasswordKey;
        var hash = passwordKey.Hash.Iterated(passwordKey.Salt, password, descriptor.SpinCount, cancellation);
        var verifierInput = Decrypt(DerivedKey(passwordKey, hash, VerifierInputBlock), passwordKey.Salt, descriptor.EncryptedVerifierHashInput, passwordKey.BlockSize);
        var verifierValue = Decrypt(DerivedKey(passwordKey, hash, VerifierValueBlock), passwordKey.Salt, descriptor.EncryptedVerifierHashValue, passwordKey.BlockSize);
        if (verifierInput is null || verifierValue is null || verifierValue.Length < passwordKey.Hash.Size)
        {
            return false;
        }

        var expected = passwordKey.Hash.Hash(verifierInput.AsSpan(0, Math.Min(verifierInput.Length, passwordKey.Salt.Length)));
        if (!CryptographicOperations.FixedTimeEquals(expected, verifierValue.AsSpan(0, passwordKey.Hash.Size)))
        {
            return false;
        }

        var key = Decrypt(DerivedKey(passwordKey, hash, KeyValueBlock), passwordKey.Salt, descriptor.EncryptedKeyValue, passwordKey.BlockSize);
        if (key is null || key.Length < descriptor.KeyData.KeyBits / 8)
        {
            return false;
        }

        _packageKey = key[..(descriptor.KeyData.KeyBits / 8)];
        return true;
    }

    public DecryptedDocument Decrypt(long maxBytes, CancellationToken cancellation)
    {
        var key = _packageKey ?? throw new InvalidOperationException("No password was verified.");
        var problems = new List<string>();
        using var aes = Aes.Create();
        aes.Key = key;
        var (content, complete) = EncryptedPackageStream.Decrypt(package, maxBytes, SegmentLength, descriptor.KeyData.BlockSize, problems, (segment, index, output) =>
        {
            cancellation.ThrowIfCancellationRequested();
            var blockKey = new byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(blockKey, index);
            aes.DecryptCbc(segment, SegmentIv(descriptor.KeyData.Salt, blockKey), output, PaddingMode.None);
        });
        if (complete && !IntegrityHolds(key))
        {
            problems.Add("the package does not match its data integrity HMAC (altered after encryption)");
        }

        return new DecryptedDocument(content, problems);
    }

    /// <summary>MS-OFFCRYPTO 2.3.4.14: HMAC of the whole EncryptedPackage stream with the key and value stored
    /// encrypted under the package key. Absent integrity data is not an error (older writers omit it).</summary>
    private bool IntegrityHolds(byte[] key)
    {
        if (descriptor.EncryptedHmacKey is null || descriptor.EncryptedHmacValue is null)
        {
            return true;
        }

        var keyData = descriptor.KeyData;
        var hmacKey = Decrypt(key, SegmentIv(keyData.Salt, HmacKeyBlock), descriptor.EncryptedHmacKey, keyData.BlockSize);
        var hmacValue = Decrypt(key, SegmentIv(keyData.Salt, HmacValueBlock), descriptor.EncryptedHmacValue, keyData.BlockSize);
        if (hmacKey is null || hmacValue is null || hmacKey.Length < keyData.Hash.Size || hmacValue.Length < keyData.Hash.Size)
        {
            return false;
        }

        var actual = keyData.Hash.Hmac(hmacKey.AsSpan(0, keyData.Hash.Size), package);
        return CryptographicOperations.FixedTimeEquals(actual, hmacValue.AsSpan(0, keyData.Hash.Size));
    }

    private byte[] SegmentIv(byte[] salt, byte[] block) => Fit(descriptor.KeyData.Hash.Hash(salt, block), descriptor.KeyData.BlockSize);

    /// <summary>MS-OFFCRYPTO 2.3.4.11: H(final hash + block key), cut or padded with 0x36 to the key size.</summary>
    private static byte[] DerivedKey(AgileKeyParameters parameters, byte[] hash, byte[] blockKey) =>
        Fit(parameters.Hash.Hash(hash, blockKey), parameters.KeyBits / 8);

    private static byte[] Fit(byte[] bytes, int length)
    {
        if (bytes.Length >= length)
        {
            return bytes[..length];
        }

        var padded = new byte[length];
        padded.AsSpan().Fill(0x36);
        bytes.CopyTo(padded, 0);
        return padded;
    }

    /// <summary>AES-CBC without padding; null when the ciphertext is not whole blocks.</summary>
    private static byte[]? Decrypt(byte[] key, byte[] iv, byte[] ciphertext, int blockSize)
    {
        if (ciphertext.Length == 0 || ciphertext.Length % blockSize != 0)
        {
            return null;
        }

        using var aes = Aes.Create();
        aes.Key = key;
        return aes.DecryptCbc(ciphertext, Fit(iv, blockSize), PaddingMode.None);
    }
}
