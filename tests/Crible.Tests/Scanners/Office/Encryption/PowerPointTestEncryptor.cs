using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Crible.Scanners.Office.Ole;

namespace Crible.Tests.Scanners.Office.Encryption;

/// <summary>
/// Encrypts a single-edit PowerPoint 97-2003 presentation with RC4 CryptoAPI the way PowerPoint saves one (MS-PPT
/// 2.3.7, MS-OFFCRYPTO 2.3.5): the persist objects rewritten in persist id order, each encrypted as one RC4 stream
/// with its id as the block number; a CryptSession10Container added as the last persist object; one
/// PersistDirectoryAtom and one UserEditAtom naming it, both clear; the Current User atom marked encrypted; the
/// Pictures stream's blips encrypted field by field with block 0. The document properties stay clear (fDocProps).
/// Debian's msoffcrypto-tool cannot encrypt; the tests check it decrypts what this writes.
/// </summary>
internal static class PowerPointTestEncryptor
{
    private const uint EncryptedToken = 0xF3D1C4DF;

    /// <param name="alterDocument">Changes the encrypted PowerPoint Document stream before it is stored (damage).</param>
    /// <param name="markCurrentUser">False keeps the unencrypted Current User token, as the specification allows.</param>
    /// <param name="encryptedSummary">Stored as the EncryptedSummary stream (Crible does not read it), with
    /// fDocProps then clear.</param>
    public static byte[] Encrypt(byte[] presentation, string password, int keyBits = 128, Func<byte[], byte[]>? alterDocument = null, bool markCurrentUser = true, byte[]? encryptedSummary = null)
    {
        using var file = CompoundFile.Open(presentation);
        var currentUser = Stream(file, "Current User");
        var document = Stream(file, "PowerPoint Document");
        var editOffset = (int)U32(currentUser, 16);
        var edit = document.AsSpan(editOffset + 8, 0x1C).ToArray();
        Assert.Equal(0u, U32(edit, 8)); // one edit only, as an encrypted presentation has
        var salt = RandomNumberGenerator.GetBytes(16);
        var passwordHash = SHA1.HashData([.. salt, .. Encoding.Unicode.GetBytes(password)]);

        using var output = new MemoryStream();
        var offsets = new SortedDictionary<int, int>();
        foreach (var (id, offset) in Directory(document, (int)U32(edit, 12)).OrderBy(p => p.Key))
        {
            offsets[id] = (int)output.Position;
            output.Write(TestRc4.Apply(BlockKey(passwordHash, id, keyBits), document.AsSpan(offset, 8 + (int)U32(document, offset + 4))));
        }

        var session = offsets.Keys.Max() + 1;
        offsets[session] = (int)output.Position;
        output.Write(CryptSession10Container(salt, passwordHash, keyBits, docProps: encryptedSummary is null));
        var directoryOffset = (int)output.Position;
        output.Write(PersistDirectoryAtom(offsets));
        var newEditOffset = (int)output.Position;
        BinaryPrimitives.WriteUInt32LittleEndian(edit.AsSpan(12), (uint)directoryOffset);
        BinaryPrimitives.WriteUInt32LittleEndian(edit.AsSpan(20), (uint)Math.Max(U32(edit, 20), (uint)session));
        output.Write(Record(0, 0x0FF5, [.. edit, .. BitConverter.GetBytes((uint)session)]));

        var user = currentUser.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(user.AsSpan(12), markCurrentUser ? EncryptedToken : U32(currentUser, 12));
        BinaryPrimitives.WriteUInt32LittleEndian(user.AsSpan(16), (uint)newEditOffset);
        var encryptedDocument = alterDocument is null ? output.ToArray() : alterDocument(output.ToArray());
        var block0 = BlockKey(passwordHash, 0, keyBits);
        var builder = new CompoundFileBuilder();
        foreach (var entry in file.ChildrenOf(file.Root).Where(e => e.IsStream))
        {
            var content = entry.Name switch
            {
                "Current User" => user,
                "PowerPoint Document" => encryptedDocument,
                "Pictures" => EncryptPictures(Stream(file, entry.Name), block0),
                "\u0005SummaryInformation" when encryptedSummary is not null => null,
                _ => Stream(file, entry.Name),
            };
            if (content is not null)
            {
                builder.AddStream(entry.Name, content);
            }
        }

        if (encryptedSummary is not null)
        {
            builder.AddStream("EncryptedSummary", encryptedSummary);
        }

        return builder.ToArray();
    }

    /// <summary>The offset of each persist object of the stream's only edit.</summary>
    private static Dictionary<int, int> Directory(byte[] document, int offset)
    {
        var objects = new Dictionary<int, int>();
        var end = offset + 8 + (int)U32(document, offset + 4);
        for (var position = offset + 8; position < end;)
        {
            var entry = U32(document, position);
            position += 4;
            for (var i = 0; i < entry >> 20; i++, position += 4)
            {
                objects[(int)(entry & 0xFFFFF) + i] = (int)U32(document, position);
            }
        }

        return objects;
    }

    /// <summary>Runs of consecutive persist ids, each an entry of a 20-bit first id and a 12-bit count.</summary>
    private static byte[] PersistDirectoryAtom(SortedDictionary<int, int> offsets)
    {
        using var body = new MemoryStream();
        var ids = offsets.Keys.ToList();
        for (var start = 0; start < ids.Count;)
        {
            var count = 1;
            while (start + count < ids.Count && ids[start + count] == ids[start] + count)
            {
                count++;
            }

            body.Write(BitConverter.GetBytes((uint)ids[start] | ((uint)count << 20)));
            for (var i = start; i < start + count; i++)
            {
                body.Write(BitConverter.GetBytes((uint)offsets[ids[i]]));
            }

            start += count;
        }

        return Record(0, 0x1772, body.ToArray());
    }

    /// <summary>EncryptionVersionInfo 4.2, flags fCryptoAPI and fDocProps (properties clear), the RC4/SHA-1 header and
    /// the verifier.</summary>
    private static byte[] CryptSession10Container(byte[] salt, byte[] passwordHash, int keyBits, bool docProps)
    {
        var flags = 0x04u | (docProps ? 0x08u : 0);
        byte[] header = [.. U32Bytes(flags), .. U32Bytes(0), .. U32Bytes(0x6801), .. U32Bytes(0x8004), .. U32Bytes((uint)keyBits), .. U32Bytes(1), .. U32Bytes(0), .. U32Bytes(0),
            .. Encoding.Unicode.GetBytes("Microsoft Enhanced Cryptographic Provider v1.0\0")];
        var verifier = RandomNumberGenerator.GetBytes(16);
        var encrypted = TestRc4.Apply(BlockKey(passwordHash, 0, keyBits), [.. verifier, .. SHA1.HashData(verifier)]);
        byte[] body = [0x04, 0x00, 0x02, 0x00, .. U32Bytes(flags), .. U32Bytes((uint)header.Length), .. header,
            .. U32Bytes(16), .. salt, .. encrypted.AsSpan(0, 16), .. U32Bytes(20), .. encrypted.AsSpan(16)];
        return Record(0xF, 0x2F14, body);
    }

    /// <summary>Every field of every blip (header, identifiers, metafile header or tag, data) encrypted from the start
    /// of block 0's key stream. The test presentations hold blips only, no blip store entries.</summary>
    private static byte[] EncryptPictures(byte[] pictures, byte[] block0)
    {
        var output = pictures.ToArray();
        for (var offset = 0; offset + 8 <= pictures.Length;)
        {
            var instance = BinaryPrimitives.ReadUInt16LittleEndian(pictures.AsSpan(offset)) >> 4;
            var type = BinaryPrimitives.ReadUInt16LittleEndian(pictures.AsSpan(offset + 2));
            Assert.InRange(type, 0xF018, 0xF117);
            var end = offset + 8 + (int)U32(pictures, offset + 4);
            int[] fields = [8, 16, .. instance is 0x217 or 0x3D5 or 0x46B or 0x543 or 0x6E1 or 0x6E3 or 0x6E5 or 0x7A9 ? new[] { 16 } : [], type is 0xF01A or 0xF01B or 0xF01C ? 34 : 1];
            var position = offset;
            foreach (var length in fields.Append(end - offset - fields.Sum()))
            {
                TestRc4.Apply(block0, pictures.AsSpan(position, length)).CopyTo(output, position);
                position += length;
            }

            offset = end;
        }

        return output;
    }

    private static byte[] BlockKey(byte[] passwordHash, int block, int keyBits)
    {
        var hash = SHA1.HashData([.. passwordHash, .. BitConverter.GetBytes(block)]);
        return keyBits == 40 ? [.. hash.AsSpan(0, 5), .. new byte[11]] : hash[..(keyBits / 8)];
    }

    private static byte[] Record(int version, int type, byte[] body) =>
        [.. BitConverter.GetBytes((ushort)version), .. BitConverter.GetBytes((ushort)type), .. BitConverter.GetBytes(body.Length), .. body];

    private static byte[] Stream(CompoundFile file, string name) => file.ReadStream(file.Find(name)!, 1 << 26, out _);

    private static uint U32(ReadOnlySpan<byte> bytes, int offset) => BinaryPrimitives.ReadUInt32LittleEndian(bytes[offset..]);

    private static byte[] U32Bytes(uint value) => BitConverter.GetBytes(value);
}
