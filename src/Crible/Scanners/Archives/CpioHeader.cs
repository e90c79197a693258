using System.Buffers.Binary;

namespace Crible.Scanners.Archives;

/// <summary>The fields of one cpio header that matter here, whatever the variant, and the variants' layouts.</summary>
/// <param name="HeaderLength">Bytes before the name.</param>
/// <param name="Alignment">Name and data are padded to multiples of this (from the start of the header).</param>
internal readonly record struct CpioHeader(int HeaderLength, int Alignment, long Mode, long Links, long NameSize, long FileSize)
{
    public const int RegularFile = 0x8000;
    private const int OdcLength = 76;
    private const int NewcLength = 110;
    private const int BinaryLength = 26;

    /// <summary>Bytes to read to recognise and parse any variant.</summary>
    public const int MaxLength = NewcLength;

    public bool IsRegularFile => (Mode & 0xF000) == RegularFile;

    /// <summary>Parses the header at the start of <paramref name="bytes"/>, or returns null when it is not one.</summary>
    public static CpioHeader? Parse(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith("070707"u8) && bytes.Length >= OdcLength)
        {
            return Number(bytes, 18, 6, 8) is { } mode && Number(bytes, 36, 6, 8) is { } links
                && Number(bytes, 59, 6, 8) is { } nameSize && Number(bytes, 65, 11, 8) is { } fileSize
                ? new CpioHeader(OdcLength, 1, mode, links, nameSize, fileSize)
                : null;
        }

        if ((bytes.StartsWith("070701"u8) || bytes.StartsWith("070702"u8)) && bytes.Length >= NewcLength)
        {
            return Number(bytes, 14, 8, 16) is { } mode && Number(bytes, 38, 8, 16) is { } links
                && Number(bytes, 94, 8, 16) is { } nameSize && Number(bytes, 54, 8, 16) is { } fileSize
                ? new CpioHeader(NewcLength, 4, mode, links, nameSize, fileSize)
                : null;
        }

        if (bytes.Length < BinaryLength)
        {
            return null;
        }

        var little = bytes[0] == 0xC7 && bytes[1] == 0x71;
        var big = bytes[0] == 0x71 && bytes[1] == 0xC7;
        if (!little && !big)
        {
            return null;
        }

        // 32-bit fields are two 16-bit words, the most significant first, each in the archive's byte order.
        var size = ((long)Word(bytes, 22, little) << 16) | (uint)Word(bytes, 24, little);
        return new CpioHeader(BinaryLength, 2, Word(bytes, 6, little), Word(bytes, 12, little), Word(bytes, 20, little), size);
    }

    private static int Word(ReadOnlySpan<byte> bytes, int offset, bool little) =>
        little ? BinaryPrimitives.ReadUInt16LittleEndian(bytes[offset..]) : BinaryPrimitives.ReadUInt16BigEndian(bytes[offset..]);

    public static long Align(long value, int alignment) => (value + alignment - 1) / alignment * alignment;

    private static long? Number(ReadOnlySpan<byte> bytes, int offset, int length, int radix)
    {
        long value = 0;
        foreach (var b in bytes.Slice(offset, length))
        {
            var digit = b switch
            {
                >= (byte)'0' and <= (byte)'9' => b - '0',
                >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
                >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
                _ => radix,
            };
            if (digit >= radix)
            {
                return null;
            }

            value = (value * radix) + digit;
        }

        return value;
    }
}
