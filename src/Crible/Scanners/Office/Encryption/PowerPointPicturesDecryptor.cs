using System.Buffers.Binary;

namespace Crible.Scanners.Office.Encryption;

/// <summary>
/// Decrypts the Pictures stream of an encrypted presentation (MS-PPT 2.3.7 and its security considerations): a run
/// of OfficeArtBStoreContainerFileBlock records (MS-ODRAW 2.2.22), each field of which is encrypted on its own with
/// the key of block 0, the record header included. A blip store entry (FBSE) may carry its picture after its name.
/// </summary>
internal static class PowerPointPicturesDecryptor
{
    private const int HeaderLength = 8;
    private const int BlipStoreEntryType = 0xF007;
    private const int FirstBlipType = 0xF018;
    private const int LastBlipType = 0xF117;
    private const int MaxPictures = 100_000;

    /// <summary>The blip instances whose picture carries a second 16-byte identifier (MS-ODRAW 2.2.24 to 2.2.31).</summary>
    private static readonly HashSet<int> TwoIdentifierInstances = [0x217, 0x3D5, 0x46B, 0x543, 0x6E1, 0x6E3, 0x6E5, 0x7A9];

    /// <summary>FBSE fields before the name: btWin32, btMacOS, rgbUid, tag, size, cRef, foDelay, unused1, cbName,
    /// unused2, unused3.</summary>
    private static readonly int[] BlipStoreEntryFields = [1, 1, 16, 2, 4, 4, 4, 1, 1, 1, 1];

    /// <param name="key">A key whose password was verified.</param>
    public static byte[] Decrypt(byte[] stream, Rc4DocumentKey key, List<string> problems)
    {
        var output = stream.ToArray();
        var offset = 0;
        for (var count = 0; offset + HeaderLength <= stream.Length; count++)
        {
            if (count == MaxPictures)
            {
                problems.Add($"more than {MaxPictures} pictures in the Pictures stream; the rest was left encrypted");
                break;
            }

            var field = new FieldDecryptor(stream, output, key, offset, stream.Length);
            var header = field.Next(HeaderLength);
            var (type, length) = (BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(2)), BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(4)));
            if (type != BlipStoreEntryType && type is < FirstBlipType or > LastBlipType)
            {
                // The run of pictures ends at the first record that is not one (MS-ODRAW 2.2.21).
                stream.AsSpan(offset, HeaderLength).CopyTo(output.AsSpan(offset));
                break;
            }

            var end = offset + HeaderLength + Math.Min(length, (uint)(stream.Length - offset - HeaderLength));
            if (end - offset - HeaderLength < length)
            {
                problems.Add($"the picture at offset {offset} of the Pictures stream claims {length} bytes, {end - offset - HeaderLength} are left");
            }

            field.End = (int)end;
            var instance = BinaryPrimitives.ReadUInt16LittleEndian(header) >> 4;
            if (type == BlipStoreEntryType)
            {
                var fields = BlipStoreEntryFields.Select(field.Next).ToList();
                field.Next(fields[8].Length > 0 ? fields[8][0] : 0);
                var embedded = field.Next(HeaderLength);
                (type, instance) = embedded.Length == HeaderLength ? (BinaryPrimitives.ReadUInt16LittleEndian(embedded.AsSpan(2)), BinaryPrimitives.ReadUInt16LittleEndian(embedded) >> 4) : (type, instance);
            }

            field.Next(16 * (TwoIdentifierInstances.Contains(instance) ? 2 : 1));
            field.Next(type is 0xF01A or 0xF01B or 0xF01C ? 34 : 1);
            field.Next(field.Left);
            offset = (int)end;
        }

        return output;
    }

    /// <summary>Decrypts the fields of one record in turn, each from the start of block 0's key stream, none past
    /// the record's end.</summary>
    private sealed class FieldDecryptor(byte[] stream, byte[] output, Rc4DocumentKey key, int position, int end)
    {
        public int End { get; set; } = end;

        public int Left => End - position;

        public byte[] Next(int length)
        {
            var count = Math.Clamp(length, 0, Left);
            if (count == 0)
            {
                return [];
            }

            var plain = key.DecryptAsOneBlock(stream.AsSpan(position, count), 0);
            plain.CopyTo(output, position);
            position += count;
            return plain;
        }
    }
}
