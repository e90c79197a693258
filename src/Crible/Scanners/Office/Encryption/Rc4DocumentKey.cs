using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Crible.Scanners.Pdf;

namespace Crible.Scanners.Office.Encryption;

/// <summary>
/// The RC4 keys of Office 97-2003 binary documents (MS-OFFCRYPTO 2.3.5 and 2.3.6): "Office 97" RC4 with MD5
/// (EncryptionVersionInfo 1.1) and RC4 CryptoAPI with SHA-1 (2.2, 3.2, 4.2). Streams are encrypted in blocks (512
/// bytes in Word, 1024 in Excel), each with its own key made from the password hash and the block number; block 0's
/// key decrypts the verifier. RC4 itself is the one PDF uses; .NET has none.
/// </summary>
internal sealed class Rc4DocumentKey
{
    /// <summary>Word's block length; Excel's is 1024.</summary>
    public const int WordBlockLength = 512;
    private readonly bool _cryptoApi;
    private readonly byte[] _salt;
    private readonly byte[] _encryptedVerifier;
    private readonly byte[] _encryptedVerifierHash;
    private readonly int _keyBits;
    private byte[]? _passwordHash;

    private Rc4DocumentKey(bool cryptoApi, byte[] salt, byte[] encryptedVerifier, byte[] encryptedVerifierHash, int keyBits)
    {
        (_cryptoApi, _salt, _encryptedVerifier, _encryptedVerifierHash, _keyBits) = (cryptoApi, salt, encryptedVerifier, encryptedVerifierHash, keyBits);
    }

    public string Scheme => _cryptoApi ? $"RC4 CryptoAPI, {_keyBits}-bit key, SHA1" : "RC4, 40-bit key, MD5";

    /// <summary>The key an EncryptionVersionInfo and what follows it give (Word's and Excel's headers): Office 97 RC4
    /// for 1.1, RC4 CryptoAPI for 2.2, 3.2 and 4.2 (their 4-byte flags skipped).</summary>
    /// <param name="format">The document's format, for the message when its version is neither.</param>
    public static Rc4DocumentKey Read(ref SpanReader reader, string format)
    {
        var major = reader.ReadUInt16();
        var minor = reader.ReadUInt16();
        if ((major, minor) == (1, 1))
        {
            return Office97(ref reader);
        }

        if (major is 2 or 3 or 4 && minor == 2)
        {
            reader.Skip(4);
            return CryptoApi(ref reader);
        }

        throw new FormatException($"{format} encryption version {major}.{minor} is not supported");
    }

    /// <summary>Office 97 RC4: salt, encrypted verifier and encrypted MD5 verifier hash, 16 bytes each.</summary>
    private static Rc4DocumentKey Office97(ref SpanReader reader) =>
        new(false, reader.ReadBytes(16).ToArray(), reader.ReadBytes(16).ToArray(), reader.ReadBytes(16).ToArray(), 40);

    /// <summary>RC4 CryptoAPI: the binary header and verifier after the version and flags.</summary>
    public static Rc4DocumentKey CryptoApi(ref SpanReader reader)
    {
        var header = EncryptionHeader.Read(ref reader, _ => 20);
        if (header.AlgorithmId is not (0 or EncryptionHeader.Rc4) || header.HashAlgorithmId is not (0 or EncryptionHeader.Sha1))
        {
            throw new FormatException($"RC4 CryptoAPI with algorithm 0x{header.AlgorithmId:X4} and hash 0x{header.HashAlgorithmId:X4} is not RC4 with SHA-1");
        }

        var keyBits = header.KeyBits == 0 ? 40 : header.KeyBits;
        return keyBits is >= 40 and <= 128 && keyBits % 8 == 0
            ? new Rc4DocumentKey(true, header.Salt, header.EncryptedVerifier, header.EncryptedVerifierHash, keyBits)
            : throw new FormatException($"RC4 CryptoAPI with a {keyBits}-bit key");
    }

    public bool TryPassword(string password)
    {
        var passwordBytes = Encoding.Unicode.GetBytes(password);
        var hash = _cryptoApi ? SHA1.HashData([.. _salt, .. passwordBytes]) : Office97Intermediate(passwordBytes);
        var verifier = Rc4.Transform(BlockKey(hash, 0), [.. _encryptedVerifier, .. _encryptedVerifierHash]);
        var expected = _cryptoApi ? SHA1.HashData(verifier.AsSpan(0, 16)) : MD5.HashData(verifier.AsSpan(0, 16));
        if (!CryptographicOperations.FixedTimeEquals(expected, verifier.AsSpan(16, expected.Length)))
        {
            return false;
        }

        _passwordHash = hash;
        return true;
    }

    /// <summary>A whole stream decrypted from its first byte, block by block.</summary>
    public byte[] Decrypt(ReadOnlySpan<byte> stream, int blockLength = WordBlockLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(blockLength);
        var hash = _passwordHash ?? throw new InvalidOperationException("No password was verified.");
        var output = new byte[stream.Length];
        for (var (offset, block) = (0, 0); offset < stream.Length; offset += blockLength, block++)
        {
            var length = Math.Min(blockLength, stream.Length - offset);
            Rc4.Transform(BlockKey(hash, block), stream.Slice(offset, length)).CopyTo(output, offset);
        }

        return output;
    }

    /// <summary>Bytes decrypted as one RC4 stream under the key of block <paramref name="block"/>, with no new key
    /// every 512 bytes: PowerPoint encrypts each persist object so, its persist id being the block number.</summary>
    public byte[] DecryptAsOneBlock(ReadOnlySpan<byte> data, int block) =>
        Rc4.Transform(BlockKey(_passwordHash ?? throw new InvalidOperationException("No password was verified."), block), data);

    /// <summary>MS-OFFCRYPTO 2.3.6.2: MD5 of the password cut to 5 bytes, joined with the salt 16 times, hashed and
    /// cut to 5 bytes again.</summary>
    private byte[] Office97Intermediate(byte[] password)
    {
        var truncated = MD5.HashData(password).AsSpan(0, 5);
        var buffer = new byte[(5 + _salt.Length) * 16];
        for (var i = 0; i < 16; i++)
        {
            truncated.CopyTo(buffer.AsSpan(i * (5 + _salt.Length)));
            _salt.CopyTo(buffer, (i * (5 + _salt.Length)) + 5);
        }

        return MD5.HashData(buffer)[..5];
    }

    private byte[] BlockKey(byte[] hash, int block)
    {
        var input = new byte[hash.Length + 4];
        hash.CopyTo(input, 0);
        BinaryPrimitives.WriteInt32LittleEndian(input.AsSpan(hash.Length), block);
        if (!_cryptoApi)
        {
            return MD5.HashData(input);
        }

        // A 40-bit CryptoAPI key is used as 128 bits with the rest zero.
        var key = SHA1.HashData(input);
        return _keyBits == 40 ? [.. key.AsSpan(0, 5), .. new byte[11]] : key[..(_keyBits / 8)];
    }
}
