namespace Crible.Scanners.Office.Encryption;

/// <summary>
/// The binary EncryptionHeader and EncryptionVerifier that Standard encryption and RC4 CryptoAPI share
/// (MS-OFFCRYPTO 2.3.2 and 2.3.3), read after the version and flags: the cipher and hash identifiers, the key size,
/// then the salt, the encrypted verifier and its encrypted hash.
/// </summary>
internal sealed record EncryptionHeader(uint AlgorithmId, uint HashAlgorithmId, int KeyBits, byte[] Salt, byte[] EncryptedVerifier, byte[] EncryptedVerifierHash, int VerifierHashSize)
{
    public const uint Rc4 = 0x6801;
    public const uint Aes128 = 0x660E;
    public const uint Aes192 = 0x660F;
    public const uint Aes256 = 0x6610;
    public const uint Sha1 = 0x8004;
    private const int MaxHeaderSize = 4096;

    /// <summary>Reads the header size, the header and the verifier; <paramref name="verifierHashLength"/> is how many
    /// encrypted hash bytes follow (32 for AES, 20 for RC4).</summary>
    public static EncryptionHeader Read(ref SpanReader reader, Func<uint, int> verifierHashLength)
    {
        var headerSize = reader.ReadUInt32();
        if (headerSize is < 32 or > MaxHeaderSize || !reader.CanRead(headerSize))
        {
            throw new FormatException($"the encryption header declares {headerSize} bytes");
        }

        var header = new SpanReader(reader.ReadBytes(headerSize));
        header.Skip(8);
        var algorithm = header.ReadUInt32();
        var hash = header.ReadUInt32();
        var keyBits = header.ReadUInt32();
        var saltSize = reader.ReadUInt32();
        if (saltSize != 16)
        {
            throw new FormatException($"the encryption verifier has a {saltSize}-byte salt, not 16");
        }

        var salt = reader.ReadBytes(16).ToArray();
        var verifier = reader.ReadBytes(16).ToArray();
        var hashSize = reader.ReadUInt32();
        var hashLength = verifierHashLength(algorithm);
        if (hashSize != 20 || !reader.CanRead(hashLength))
        {
            throw new FormatException($"the encryption verifier's hash is {hashSize} bytes, {reader.Remaining} stored");
        }

        return new EncryptionHeader(algorithm, hash, keyBits > 1024 ? 0 : (int)keyBits, salt, verifier, reader.ReadBytes(hashLength).ToArray(), (int)hashSize);
    }
}
