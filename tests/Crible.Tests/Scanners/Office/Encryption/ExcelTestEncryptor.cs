using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Crible.Scanners.Office.Ole;

namespace Crible.Tests.Scanners.Office.Encryption;

/// <summary>The schemes Excel 97-2003 writes in a FILEPASS record: RC4 with MD5 (version 1.1), and RC4 CryptoAPI
/// with SHA-1 (version 4.2) and a 40- or 128-bit key.</summary>
public enum ExcelTestScheme
{
    Rc4,
    CryptoApi40,
    CryptoApi128,
}

/// <summary>
/// Encrypts an Excel 97-2003 workbook the way Excel does (MS-XLS 2.2.10, MS-OFFCRYPTO 2.3.5 and 2.3.6), written
/// from the spec for the tests since no encrypted .xls is in the corpora and Debian's msoffcrypto-tool cannot
/// encrypt: a FILEPASS record goes after the globals' BOF (BOUNDSHEET positions moved past it), then the Workbook
/// stream is encrypted in 1024-byte blocks, each with its own RC4 key, record headers and the records the spec keeps
/// clear left as they are. The tests check msoffcrypto-tool decrypts what this writes.
/// </summary>
internal static class ExcelTestEncryptor
{
    private const int BlockLength = 1024;
    private const ushort FilePass = 0x002F;
    private const ushort BoundSheet = 0x0085;
    private static readonly ushort[] ClearRecords = [0x0809, FilePass, 0x0194, 0x0195, 0x00E1, 0x0196, 0x0138];

    /// <summary>The workbook <paramref name="xls"/> encrypted with <paramref name="password"/>; every other stream is
    /// copied. <paramref name="filePassLength"/> cuts the FILEPASS record, to damage it.</summary>
    public static byte[] Encrypt(byte[] xls, string password, ExcelTestScheme scheme, int? filePassLength = null)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var (body, blockKey) = scheme == ExcelTestScheme.Rc4 ? Rc4FilePass(password, salt) : CryptoApiFilePass(password, salt, scheme == ExcelTestScheme.CryptoApi40 ? 40 : 128);
        var workbook = WithFilePass(Workbook(xls), body[..(filePassLength ?? body.Length)]);
        return Replace(xls, Encrypted(workbook, blockKey));
    }

    /// <summary>The Workbook stream a decryptor gives back: the plain one with the FILEPASS record's room kept, as a
    /// record of type 0 and zero bytes.</summary>
    public static byte[] DecryptedWorkbook(byte[] xls, ExcelTestScheme scheme)
    {
        var length = scheme == ExcelTestScheme.Rc4 ? Rc4FilePass("x", new byte[16]).Body.Length : CryptoApiFilePass("x", new byte[16], 40).Body.Length;
        var workbook = WithFilePass(Workbook(xls), new byte[length]);
        workbook.AsSpan(BofLength(workbook), 2).Clear();
        return workbook;
    }

    public static byte[] Workbook(byte[] xls)
    {
        using var file = CompoundFile.Open(xls);
        return file.ReadStream(file.Find("Workbook")!, 1 << 24, out _);
    }

    /// <summary>The compound file with its Workbook stream replaced, every other stream copied.</summary>
    public static byte[] Replace(byte[] xls, byte[] workbook)
    {
        using var file = CompoundFile.Open(xls);
        return StorageCopier.Copy(file, file.Root, long.MaxValue, asMessage: false, out _, (path, content) => path is ["Workbook"] ? workbook : content)!;
    }

    /// <summary>RC4 (MS-OFFCRYPTO 2.3.6): H = MD5(MD5(password)[..5] + salt, 16 times)[..5]; block key MD5(H + block).</summary>
    private static (byte[] Body, Func<int, byte[]> BlockKey) Rc4FilePass(string password, byte[] salt)
    {
        var truncated = MD5.HashData(Encoding.Unicode.GetBytes(password))[..5];
        var repeated = Enumerable.Repeat<byte[]>([.. truncated, .. salt], 16).SelectMany(b => b).ToArray();
        var intermediate = MD5.HashData(repeated)[..5];
        byte[] BlockKey(int block) => MD5.HashData([.. intermediate, .. BitConverter.GetBytes(block)]);
        var verifier = RandomNumberGenerator.GetBytes(16);
        var encrypted = TestRc4.Apply(BlockKey(0), [.. verifier, .. MD5.HashData(verifier)]);
        return ([1, 0, 1, 0, 1, 0, .. salt, .. encrypted], BlockKey);
    }

    /// <summary>RC4 CryptoAPI (MS-OFFCRYPTO 2.3.5): H = SHA1(salt + password); block key SHA1(H + block) cut to the
    /// key size, a 40-bit key padded with zeros to 128 bits.</summary>
    private static (byte[] Body, Func<int, byte[]> BlockKey) CryptoApiFilePass(string password, byte[] salt, int keyBits)
    {
        var hash = SHA1.HashData([.. salt, .. Encoding.Unicode.GetBytes(password)]);
        byte[] BlockKey(int block)
        {
            var key = SHA1.HashData([.. hash, .. BitConverter.GetBytes(block)]);
            return keyBits == 40 ? [.. key[..5], .. new byte[11]] : key[..(keyBits / 8)];
        }

        var verifier = RandomNumberGenerator.GetBytes(16);
        var encrypted = TestRc4.Apply(BlockKey(0), [.. verifier, .. SHA1.HashData(verifier)]);
        byte[] header =
        [
            .. Int(0x04), .. Int(0), .. Int(0x6801), .. Int(0x8004), .. Int(keyBits), .. Int(1), .. Int(0), .. Int(0),
            .. Encoding.Unicode.GetBytes("Microsoft Enhanced Cryptographic Provider v1.0\0"),
        ];
        byte[] body = [1, 0, 4, 0, 2, 0, .. Int(0x04), .. Int(header.Length), .. header, .. Int(16), .. salt, .. encrypted[..16], .. Int(20), .. encrypted[16..]];
        return (body, BlockKey);
    }

    /// <summary>The stream with a FILEPASS record after its first record (the BOF), each BOUNDSHEET's stream
    /// position moved by the record's length.</summary>
    public static byte[] WithFilePass(byte[] workbook, byte[] body)
    {
        var bof = BofLength(workbook);
        byte[] stream = [.. workbook[..bof], .. BitConverter.GetBytes(FilePass), .. BitConverter.GetBytes((ushort)body.Length), .. body, .. workbook[bof..]];
        foreach (var (type, offset, _) in Records(stream))
        {
            if (type == BoundSheet)
            {
                var position = BinaryPrimitives.ReadInt32LittleEndian(stream.AsSpan(offset + 4));
                BinaryPrimitives.WriteInt32LittleEndian(stream.AsSpan(offset + 4), position + 4 + body.Length);
            }
        }

        return stream;
    }

    /// <summary>The key stream runs over the whole stream, block by block; it is applied to the record bodies only,
    /// less the records kept clear and each BOUNDSHEET's first 4 bytes.</summary>
    private static byte[] Encrypted(byte[] stream, Func<int, byte[]> blockKey)
    {
        var keyStream = new byte[stream.Length];
        for (var block = 0; block * BlockLength < stream.Length; block++)
        {
            var length = Math.Min(BlockLength, stream.Length - (block * BlockLength));
            TestRc4.Apply(blockKey(block), new byte[length]).CopyTo(keyStream, block * BlockLength);
        }

        var encrypted = stream.ToArray();
        foreach (var (type, offset, length) in Records(stream))
        {
            var from = ClearRecords.Contains(type) ? length : type == BoundSheet ? 4 : 0;
            for (var i = offset + 4 + from; i < offset + 4 + length; i++)
            {
                encrypted[i] ^= keyStream[i];
            }
        }

        return encrypted;
    }

    private static List<(ushort Type, int Offset, int Length)> Records(byte[] stream)
    {
        var records = new List<(ushort, int, int)>();
        for (var offset = 0; offset + 4 <= stream.Length;)
        {
            var length = BinaryPrimitives.ReadUInt16LittleEndian(stream.AsSpan(offset + 2));
            records.Add((BinaryPrimitives.ReadUInt16LittleEndian(stream.AsSpan(offset)), offset, Math.Min(length, stream.Length - offset - 4)));
            offset += 4 + length;
        }

        return records;
    }

    private static int BofLength(byte[] workbook) => 4 + BinaryPrimitives.ReadUInt16LittleEndian(workbook.AsSpan(2));

    private static byte[] Int(int value) => BitConverter.GetBytes(value);
}
