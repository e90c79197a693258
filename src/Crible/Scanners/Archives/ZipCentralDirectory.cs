using System.Buffers.Binary;
using System.Text;

namespace Crible.Scanners.Archives;

/// <summary>
/// A bounded reader of a ZIP's central directory, independent of SharpCompress: it sees what a bomb declares
/// (offsets that overlap, methods nobody can decode) before anything is decompressed.
/// </summary>
internal static class ZipCentralDirectory
{
    private const uint EndSignature = 0x06054B50;
    private const uint Zip64LocatorSignature = 0x07064B50;
    private const uint Zip64EndSignature = 0x06064B50;
    private const uint EntrySignature = 0x02014B50;
    private const int EndLength = 22;
    private const int EntryLength = 46;
    private const int MaxComment = 0xFFFF;
    private const long MaxDirectoryBytes = 64L * 1024 * 1024;

    /// <summary>The entries in directory order, or null when there is no readable directory.</summary>
    public static IReadOnlyList<ZipCentralEntry>? Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var tailLength = (int)Math.Min(stream.Length, EndLength + MaxComment);
        var tail = new byte[tailLength];
        stream.Position = stream.Length - tailLength;
        stream.ReadExactly(tail);
        var end = tail.AsSpan().LastIndexOf("PK\u0005\u0006"u8);
        if (end < 0 || end + EndLength > tail.Length)
        {
            return null;
        }

        long count = BinaryPrimitives.ReadUInt16LittleEndian(tail.AsSpan(end + 10));
        long size = BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(end + 12));
        long offset = BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(end + 16));
        var endOffset = stream.Length - tailLength + end;
        ReadZip64End(stream, endOffset, ref count, ref size, ref offset);

        // Data in front of the archive (a self-extractor stub) shifts every offset by the same amount.
        var shift = Math.Max(0, endOffset - size - offset);
        if (size is <= 0 or > MaxDirectoryBytes || offset + shift + size > stream.Length)
        {
            return null;
        }

        var directory = new byte[size];
        stream.Position = offset + shift;
        stream.ReadExactly(directory);
        return ParseEntries(directory, Math.Min(count, size / EntryLength));
    }

    private static void ReadZip64End(Stream stream, long endOffset, ref long count, ref long size, ref long offset)
    {
        if (endOffset < 20 || (count != 0xFFFF && size != 0xFFFFFFFF && offset != 0xFFFFFFFF))
        {
            return;
        }

        Span<byte> locator = stackalloc byte[20];
        stream.Position = endOffset - 20;
        stream.ReadExactly(locator);
        var recordOffset = BinaryPrimitives.ReadInt64LittleEndian(locator[8..]);
        if (BinaryPrimitives.ReadUInt32LittleEndian(locator) != Zip64LocatorSignature || recordOffset < 0 || recordOffset > stream.Length - 56)
        {
            return;
        }

        Span<byte> record = stackalloc byte[56];
        stream.Position = recordOffset;
        stream.ReadExactly(record);
        if (BinaryPrimitives.ReadUInt32LittleEndian(record) == Zip64EndSignature)
        {
            count = Math.Max(0, BinaryPrimitives.ReadInt64LittleEndian(record[32..]));
            size = Math.Max(0, BinaryPrimitives.ReadInt64LittleEndian(record[40..]));
            offset = Math.Max(0, BinaryPrimitives.ReadInt64LittleEndian(record[48..]));
        }
    }

    private static List<ZipCentralEntry> ParseEntries(ReadOnlySpan<byte> directory, long count)
    {
        var entries = new List<ZipCentralEntry>((int)Math.Min(count, 65536));
        var position = 0;
        for (var i = 0; i < count && position + EntryLength <= directory.Length; i++)
        {
            var header = directory.Slice(position, EntryLength);
            if (BinaryPrimitives.ReadUInt32LittleEndian(header) != EntrySignature)
            {
                break;
            }

            int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(header[28..]);
            int extraLength = BinaryPrimitives.ReadUInt16LittleEndian(header[30..]);
            int commentLength = BinaryPrimitives.ReadUInt16LittleEndian(header[32..]);
            var next = position + EntryLength + nameLength + extraLength + commentLength;
            if (next > directory.Length)
            {
                break;
            }

            var name = Encoding.UTF8.GetString(directory.Slice(position + EntryLength, nameLength));
            var extra = directory.Slice(position + EntryLength + nameLength, extraLength);
            entries.Add(ParseEntry(header, name, extra));
            position = next;
        }

        return entries;
    }

    private static ZipCentralEntry ParseEntry(ReadOnlySpan<byte> header, string name, ReadOnlySpan<byte> extra)
    {
        long compressed = BinaryPrimitives.ReadUInt32LittleEndian(header[20..]);
        long uncompressed = BinaryPrimitives.ReadUInt32LittleEndian(header[24..]);
        long localOffset = BinaryPrimitives.ReadUInt32LittleEndian(header[42..]);
        var zip64 = Zip64Extra(extra);
        var cursor = 0;
        long Next(long value)
        {
            if (value != 0xFFFFFFFF || cursor + 8 > zip64.Length)
            {
                return value;
            }

            var wide = BinaryPrimitives.ReadInt64LittleEndian(zip64.AsSpan(cursor));
            cursor += 8;
            return wide < 0 ? value : wide;
        }

        uncompressed = Next(uncompressed);
        compressed = Next(compressed);
        localOffset = Next(localOffset);
        return new ZipCentralEntry(name, BinaryPrimitives.ReadUInt16LittleEndian(header[10..]), compressed, uncompressed, localOffset);
    }

    /// <summary>The body of the Zip64 extended information field (id 1), empty when absent.</summary>
    private static byte[] Zip64Extra(ReadOnlySpan<byte> extra)
    {
        var position = 0;
        while (position + 4 <= extra.Length)
        {
            var id = BinaryPrimitives.ReadUInt16LittleEndian(extra[position..]);
            var length = BinaryPrimitives.ReadUInt16LittleEndian(extra[(position + 2)..]);
            if (position + 4 + length > extra.Length)
            {
                break;
            }

            if (id == 1)
            {
                return extra.Slice(position + 4, length).ToArray();
            }

            position += 4 + length;
        }

        return [];
    }
}
