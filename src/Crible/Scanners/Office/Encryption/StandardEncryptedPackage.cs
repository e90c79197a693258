using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Crible.Scanners.Office.Encryption;

/// <summary>
/// An OOXML package under ECMA-376 Standard Encryption (EncryptionInfo 3.2 or 4.2, MS-OFFCRYPTO 2.3.4.5 to 2.3.4.9):
/// AES in ECB mode, the key derived from 50,000 SHA-1 iterations. The key decrypts the verifier, whose SHA-1 must
/// match the decrypted verifier hash, then the whole EncryptedPackage.
/// </summary>
internal sealed class StandardEncryptedPackage(EncryptionHeader header, byte[] package) : IEncryptedDocument
{
    private const int SpinCount = 50_000;
    private const int AesBlockSize = 16;
    private const int SegmentLength = 4096;
    private byte[]? _key;

    public string Scheme => $"Standard, AES-{header.KeyBits}, SHA1, {SpinCount} spins";

    public long HashesPerPassword => SpinCount;

    /// <summary>The header, or why it is not Standard AES encryption this reader handles.</summary>
    public static EncryptionHeader ReadHeader(ReadOnlySpan<byte> info)
    {
        var reader = new SpanReader(info);
        reader.Skip(8);
        var header = EncryptionHeader.Read(ref reader, _ => 32);
        if (header.AlgorithmId is not (EncryptionHeader.Aes128 or EncryptionHeader.Aes192 or EncryptionHeader.Aes256) || header.KeyBits is not (128 or 192 or 256))
        {
            throw new FormatException($"Standard encryption with algorithm 0x{header.AlgorithmId:X4} and a {header.KeyBits}-bit key is not AES");
        }

        return header.HashAlgorithmId is 0 or EncryptionHeader.Sha1
            ? header
            : throw new FormatException($"Standard encryption with hash 0x{header.HashAlgorithmId:X4} is not SHA-1");
    }

    public bool TryPassword(string password, CancellationToken cancellation)
    {
        var key = DeriveKey(PasswordHash.Sha1.Iterated(header.Salt, password, SpinCount, cancellation), header.KeyBits / 8);
        using var aes = Aes.Create();
        aes.Key = key;
        var verifier = aes.DecryptEcb(header.EncryptedVerifier, PaddingMode.None);
        var verifierHash = aes.DecryptEcb(header.EncryptedVerifierHash, PaddingMode.None);
        if (!CryptographicOperations.FixedTimeEquals(SHA1.HashData(verifier), verifierHash.AsSpan(0, SHA1.HashSizeInBytes)))
        {
            return false;
        }

        _key = key;
        return true;
    }

    public DecryptedDocument Decrypt(long maxBytes, CancellationToken cancellation)
    {
        var key = _key ?? throw new InvalidOperationException("No password was verified.");
        var problems = new List<string>();
        using var aes = Aes.Create();
        aes.Key = key;
        var (content, _) = EncryptedPackageStream.Decrypt(package, maxBytes, SegmentLength, AesBlockSize, problems, (segment, _, output) =>
        {
            cancellation.ThrowIfCancellationRequested();
            aes.DecryptEcb(segment, output, PaddingMode.None);
        });
        return new DecryptedDocument(content, problems);
    }

    /// <summary>MS-OFFCRYPTO 2.3.4.7: H(final hash + block 0), then the CryptDeriveKey expansion with 0x36 and 0x5C.</summary>
    private static byte[] DeriveKey(byte[] iterated, int keyLength)
    {
        var final = new byte[iterated.Length + 4];
        iterated.CopyTo(final, 0);
        BinaryPrimitives.WriteInt32LittleEndian(final.AsSpan(iterated.Length), 0);
        var hash = SHA1.HashData(final);
        var inner = new byte[64];
        var outer = new byte[64];
        inner.AsSpan().Fill(0x36);
        outer.AsSpan().Fill(0x5C);
        for (var i = 0; i < hash.Length; i++)
        {
            inner[i] ^= hash[i];
            outer[i] ^= hash[i];
        }

        return [.. SHA1.HashData(inner).Concat(SHA1.HashData(outer)).Take(keyLength)];
    }
}
