using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Crible.Scanners.Pdf;

/// <summary>The cipher a crypt filter names.</summary>
internal enum PdfCipher
{
    None,
    Rc4,
    Aes128,
    Aes256,
}

/// <summary>
/// The PDF standard security handler opened as a reader would, with a user password: the empty one, which is how
/// most "encrypted" PDFs are distributed (they open without asking), or one the analysis knows. Revisions 2 to 4
/// (RC4 40-128 bits, AES-128) and 5 and 6 (AES-256). The file key is checked against /U before use.
/// </summary>
internal sealed class PdfSecurityHandler
{
    private static readonly byte[] Padding =
    [
        0x28, 0xBF, 0x4E, 0x5E, 0x4E, 0x75, 0x8A, 0x41, 0x64, 0x00, 0x4E, 0x56, 0xFF, 0xFA, 0x01, 0x08,
        0x2E, 0x2E, 0x00, 0xB6, 0xD0, 0x68, 0x3E, 0x80, 0x2F, 0x0C, 0xA9, 0xFE, 0x64, 0x53, 0x69, 0x7A,
    ];

    /// <summary>The failure that says the passwords tried were wrong (rather than the file unsupported).</summary>
    public const string PasswordRequired = "a user password is required";

    private readonly byte[] _key;

    private PdfSecurityHandler(byte[] key, PdfCipher streams, PdfCipher strings, bool encryptMetadata)
    {
        _key = key;
        StreamCipher = streams;
        StringCipher = strings;
        EncryptMetadata = encryptMetadata;
    }

    public PdfCipher StreamCipher { get; }

    public PdfCipher StringCipher { get; }

    public bool EncryptMetadata { get; }

    /// <summary>Opens the handler with <paramref name="password"/> as the user password; null with the reason when
    /// that is not possible.</summary>
    public static PdfSecurityHandler? Open(PdfDictionary encrypt, byte[] firstId, string password, out string? failure)
    {
        failure = null;
        if (encrypt.NameOf("Filter") != "Standard")
        {
            failure = $"security handler /{encrypt.NameOf("Filter") ?? "?"} is not supported";
            return null;
        }

        var version = Integer(encrypt, "V", 0);
        var revision = Integer(encrypt, "R", 0);
        var owner = (encrypt["O"] as PdfString)?.Bytes ?? [];
        var user = (encrypt["U"] as PdfString)?.Bytes ?? [];
        var encryptMetadata = encrypt["EncryptMetadata"] is not PdfKeyword { Value: "false" };
        var (streams, strings) = Ciphers(encrypt, version);
        byte[]? key = revision switch
        {
            2 or 3 or 4 when owner.Length >= 32 && user.Length >= 16 => LegacyKey(encrypt, version, revision, Padded(password), owner, user, firstId, encryptMetadata),
            5 or 6 when user.Length >= 48 => ModernKey(encrypt, revision, Encoding.UTF8.GetBytes(password).AsSpan(0, Math.Min(127, Encoding.UTF8.GetByteCount(password))).ToArray(), user),
            _ => null,
        };
        if (key is null)
        {
            failure = revision is < 2 or > 6 ? $"standard security handler revision {revision} is not supported" : PasswordRequired;
            return null;
        }

        return new PdfSecurityHandler(key, streams, strings, encryptMetadata);
    }

    /// <summary>Decrypts a stream or string of object <paramref name="number"/>; damaged ciphertext gives null.</summary>
    public byte[]? Decrypt(ReadOnlySpan<byte> data, int number, int generation, PdfCipher cipher)
    {
        switch (cipher)
        {
            case PdfCipher.None:
                return data.ToArray();
            case PdfCipher.Rc4:
                return Rc4.Transform(ObjectKey(number, generation, aes: false), data);
            case PdfCipher.Aes128:
                return AesCbc(ObjectKey(number, generation, aes: true), data);
            default:
                return AesCbc(_key, data);
        }
    }

    private static (PdfCipher Streams, PdfCipher Strings) Ciphers(PdfDictionary encrypt, int version)
    {
        if (version < 4)
        {
            return (PdfCipher.Rc4, PdfCipher.Rc4);
        }

        var filters = encrypt["CF"] as PdfDictionary;
        PdfCipher Named(string? name)
        {
            if (name is null or "Identity")
            {
                return PdfCipher.None;
            }

            return (filters?[name] as PdfDictionary)?.NameOf("CFM") switch
            {
                "AESV2" => PdfCipher.Aes128,
                "AESV3" => PdfCipher.Aes256,
                "V2" => PdfCipher.Rc4,
                _ => PdfCipher.None,
            };
        }

        return (Named(encrypt.NameOf("StmF")), Named(encrypt.NameOf("StrF")));
    }

    /// <summary>Algorithm 2, checked against /U (algorithms 4 and 5).</summary>
    /// <summary>Revisions 2 to 4 take the password's first 32 bytes (Latin-1) completed with the standard padding.</summary>
    private static byte[] Padded(string password)
    {
        var bytes = Encoding.Latin1.GetBytes(password);
        return [.. bytes.AsSpan(0, Math.Min(32, bytes.Length)), .. Padding.AsSpan(0, 32 - Math.Min(32, bytes.Length))];
    }

    private static byte[]? LegacyKey(PdfDictionary encrypt, int version, int revision, byte[] padded, byte[] owner, byte[] user, byte[] firstId, bool encryptMetadata)
    {
        var length = revision == 2 ? 5 : Math.Clamp(Integer(encrypt, "Length", version >= 4 ? 128 : 40) / 8, 5, 16);
        var permissions = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(permissions, (int)(long)((encrypt["P"] as PdfNumber)?.Value ?? 0));
        byte[] input = [.. padded, .. owner.AsSpan(0, 32), .. permissions, .. firstId, .. revision >= 4 && !encryptMetadata ? new byte[] { 0xFF, 0xFF, 0xFF, 0xFF } : []];
        var hash = MD5.HashData(input);
        if (revision >= 3)
        {
            for (var round = 0; round < 50; round++)
            {
                hash = MD5.HashData(hash.AsSpan(0, length));
            }
        }

        var key = hash[..length];
        return UserPasswordMatches(key, revision, user, firstId) ? key : null;
    }

    private static bool UserPasswordMatches(byte[] key, int revision, byte[] user, byte[] firstId)
    {
        if (revision == 2)
        {
            return Rc4.Transform(key, Padding).AsSpan().SequenceEqual(user.AsSpan(0, 32));
        }

        var value = Rc4.Transform(key, MD5.HashData([.. Padding, .. firstId]));
        var roundKey = new byte[key.Length];
        for (var round = 1; round <= 19; round++)
        {
            for (var i = 0; i < key.Length; i++)
            {
                roundKey[i] = (byte)(key[i] ^ round);
            }

            value = Rc4.Transform(roundKey, value);
        }

        return value.AsSpan().SequenceEqual(user.AsSpan(0, 16));
    }

    /// <summary>Revisions 5 and 6: the password hashed with /U's validation salt must give /U's hash; the file key
    /// is /UE decrypted with the password hashed with /U's key salt.</summary>
    private static byte[]? ModernKey(PdfDictionary encrypt, int revision, byte[] password, byte[] user)
    {
        var validationSalt = user.AsSpan(32, 8);
        var keySalt = user.AsSpan(40, 8);
        if (!PasswordHash(revision, password, validationSalt).AsSpan().SequenceEqual(user.AsSpan(0, 32)) || encrypt["UE"] is not PdfString { Bytes.Length: >= 32 } userKey)
        {
            return null;
        }

        using var aes = Aes.Create();
        aes.Key = PasswordHash(revision, password, keySalt);
        return aes.DecryptCbc(userKey.Bytes.AsSpan(0, 32), new byte[16], PaddingMode.None);
    }

    /// <summary>The hash of a user password: SHA-256 for revision 5, the iterated hash of ISO 32000-2 (7.6.4.3.4)
    /// for revision 6.</summary>
    private static byte[] PasswordHash(int revision, byte[] password, ReadOnlySpan<byte> salt)
    {
        var hash = SHA256.HashData([.. password, .. salt]);
        if (revision == 5)
        {
            return hash;
        }

        using var aes = Aes.Create();
        for (var round = 0; ; round++)
        {
            var unit = password.Length + hash.Length;
            var block = new byte[unit * 64];
            for (var copy = 0; copy < 64; copy++)
            {
                password.CopyTo(block, copy * unit);
                hash.CopyTo(block, (copy * unit) + password.Length);
            }

            aes.Key = hash[..16];
            var encrypted = aes.EncryptCbc(block, hash.AsSpan(16, 16), PaddingMode.None);
            var selector = 0;
            for (var i = 0; i < 16; i++)
            {
                selector += encrypted[i];
            }

            hash = (selector % 3) switch
            {
                0 => SHA256.HashData(encrypted),
                1 => SHA384.HashData(encrypted),
                _ => SHA512.HashData(encrypted),
            };
            // At least 64 rounds, then until the last byte of E is at most (rounds done) - 32.
            if (round >= 63 && encrypted[^1] <= round + 1 - 32)
            {
                return hash[..32];
            }
        }
    }

    /// <summary>Algorithm 1: the file key extended with the object number and generation (and "sAlT" for AES).</summary>
    private byte[] ObjectKey(int number, int generation, bool aes)
    {
        byte[] input = [.. _key, (byte)number, (byte)(number >> 8), (byte)(number >> 16), (byte)generation, (byte)(generation >> 8), .. aes ? "sAlT"u8.ToArray() : []];
        return MD5.HashData(input)[..Math.Min(_key.Length + 5, 16)];
    }

    private static byte[]? AesCbc(byte[] key, ReadOnlySpan<byte> data)
    {
        if (data.Length < 32 || data.Length % 16 != 0)
        {
            return data.Length == 16 ? [] : null;
        }

        using var aes = Aes.Create();
        aes.Key = key;
        try
        {
            return aes.DecryptCbc(data[16..], data[..16], PaddingMode.PKCS7);
        }
        catch (CryptographicException)
        {
            return aes.DecryptCbc(data[16..], data[..16], PaddingMode.None);
        }
    }

    private static int Integer(PdfDictionary dictionary, string key, int fallback) =>
        dictionary[key] is PdfNumber number && number.Value is >= int.MinValue and <= int.MaxValue ? (int)number.Value : fallback;
}
