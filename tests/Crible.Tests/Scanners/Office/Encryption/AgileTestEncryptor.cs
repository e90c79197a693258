using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Crible.Scanners.Office.Ole;

namespace Crible.Tests.Scanners.Office.Encryption;

/// <summary>
/// Encrypts an OOXML package with ECMA-376 Agile Encryption (AES-256, SHA-512) the way Office does, so the tests
/// have VelvetSweatshop files and files with chosen spin counts. Debian's msoffcrypto-tool 5.0 cannot encrypt;
/// the tests check it decrypts what this writes, so the files are valid for a third-party reader.
/// </summary>
internal static class AgileTestEncryptor
{
    private const int KeyBytes = 32;
    private const int HashBytes = 64;

    /// <param name="declaredSpinCount">The spin count the descriptor states, when it should lie about the one used.</param>
    public static byte[] Encrypt(byte[] package, string password, int spinCount = 100_000, long? declaredSpinCount = null)
    {
        var keySalt = RandomNumberGenerator.GetBytes(16);
        var passwordSalt = RandomNumberGenerator.GetBytes(16);
        var packageKey = RandomNumberGenerator.GetBytes(KeyBytes);
        var iterated = IteratedHash(passwordSalt, password, spinCount);
        var verifierInput = RandomNumberGenerator.GetBytes(16);
        var encryptedVerifierInput = Cbc(Derived(iterated, [0xFE, 0xA7, 0xD2, 0x76, 0x3B, 0x4B, 0x9E, 0x79]), passwordSalt, verifierInput);
        var encryptedVerifierValue = Cbc(Derived(iterated, [0xD7, 0xAA, 0x0F, 0x6D, 0x30, 0x61, 0x34, 0x4E]), passwordSalt, SHA512.HashData(verifierInput));
        var encryptedKey = Cbc(Derived(iterated, [0x14, 0x6E, 0x0B, 0xE7, 0xAB, 0xAC, 0xD0, 0xD6]), passwordSalt, packageKey);

        var stream = new byte[8 + ((package.Length + 15) / 16 * 16)];
        BinaryPrimitives.WriteUInt64LittleEndian(stream, (ulong)package.Length);
        var padded = new byte[stream.Length - 8];
        package.CopyTo(padded, 0);
        for (var (offset, index) = (0, 0); offset < padded.Length; offset += 4096, index++)
        {
            var length = Math.Min(4096, padded.Length - offset);
            Cbc(packageKey, Iv(keySalt, BitConverter.GetBytes(index)), padded.AsSpan(offset, length).ToArray()).CopyTo(stream, 8 + offset);
        }

        var hmacKey = RandomNumberGenerator.GetBytes(HashBytes);
        var hmacValue = HMACSHA512.HashData(hmacKey, stream);
        var integrity = $"<dataIntegrity encryptedHmacKey=\"{B64(Cbc(packageKey, Iv(keySalt, [0x5F, 0xB2, 0xAD, 0x01, 0x0C, 0xB9, 0xE1, 0xF6]), hmacKey))}\" encryptedHmacValue=\"{B64(Cbc(packageKey, Iv(keySalt, [0xA0, 0x67, 0x7F, 0x02, 0xB2, 0x2C, 0x84, 0x33]), hmacValue))}\"/>";
        const string Parameters = "saltSize=\"16\" blockSize=\"16\" keyBits=\"256\" hashSize=\"64\" cipherAlgorithm=\"AES\" cipherChaining=\"ChainingModeCBC\" hashAlgorithm=\"SHA512\"";
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n"
            + "<encryption xmlns=\"http://schemas.microsoft.com/office/2006/encryption\" xmlns:p=\"http://schemas.microsoft.com/office/2006/keyEncryptor/password\">"
            + $"<keyData {Parameters} saltValue=\"{B64(keySalt)}\"/>{integrity}"
            + "<keyEncryptors><keyEncryptor uri=\"http://schemas.microsoft.com/office/2006/keyEncryptor/password\">"
            + $"<p:encryptedKey spinCount=\"{declaredSpinCount ?? spinCount}\" {Parameters} saltValue=\"{B64(passwordSalt)}\" encryptedVerifierHashInput=\"{B64(encryptedVerifierInput)}\" encryptedVerifierHashValue=\"{B64(encryptedVerifierValue)}\" encryptedKeyValue=\"{B64(encryptedKey)}\"/>"
            + "</keyEncryptor></keyEncryptors></encryption>";
        byte[] info = [0x04, 0x00, 0x04, 0x00, 0x40, 0x00, 0x00, 0x00, .. Encoding.UTF8.GetBytes(xml)];

        var builder = new CompoundFileBuilder();
        builder.AddStream("EncryptionInfo", info);
        builder.AddStream("EncryptedPackage", stream);
        return builder.ToArray();
    }

    private static byte[] IteratedHash(byte[] salt, string password, int spinCount)
    {
        var hash = SHA512.HashData([.. salt, .. Encoding.Unicode.GetBytes(password)]);
        for (var i = 0; i < spinCount; i++)
        {
            hash = SHA512.HashData([.. BitConverter.GetBytes(i), .. hash]);
        }

        return hash;
    }

    private static byte[] Derived(byte[] iterated, byte[] blockKey) => SHA512.HashData([.. iterated, .. blockKey])[..KeyBytes];

    private static byte[] Iv(byte[] salt, byte[] blockKey) => SHA512.HashData([.. salt, .. blockKey])[..16];

    private static byte[] Cbc(byte[] key, byte[] iv, byte[] plain)
    {
        using var aes = Aes.Create();
        aes.Key = key;
        var padded = new byte[(plain.Length + 15) / 16 * 16];
        plain.CopyTo(padded, 0);
        return aes.EncryptCbc(padded, iv, PaddingMode.None);
    }

    private static string B64(byte[] bytes) => Convert.ToBase64String(bytes);
}
