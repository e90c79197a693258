using System.Buffers.Binary;
using Crible.Identification;
using Crible.Model;

namespace Crible.Scanners.Carving;

/// <summary>
/// Where the data of a format ends, read from its own structure (a PE's section table, an ELF's segments and sections, a JPEG's end-of-image
/// marker after the entropy-coded scans, a PNG's IEND chunk, a GIF's trailer, a BMP's size field, a PDF's last
/// %%EOF). Null when the structure cannot be followed: then nothing is called an overlay.
/// </summary>
internal static class DataEnd
{
    private const int MaxBlocks = 1_000_000;

    public static bool Knows(FileKind kind) =>
        kind == FileKinds.Pe || kind == FileKinds.Elf || kind == FileKinds.Jpeg || kind == FileKinds.Png || kind == FileKinds.Gif || kind == FileKinds.Bmp || kind == FileKinds.Pdf;

    public static long? Find(FileKind kind, SampleBytes bytes)
    {
        if (kind == FileKinds.Pe)
        {
            return PeImageExtent.Measure(bytes, 0);
        }

        if (kind == FileKinds.Elf)
        {
            return ElfImageExtent.Measure(bytes);
        }

        if (kind == FileKinds.Jpeg)
        {
            return Jpeg(new WindowReader(bytes));
        }

        if (kind == FileKinds.Png)
        {
            return Png(bytes);
        }

        if (kind == FileKinds.Gif)
        {
            return Gif(new WindowReader(bytes));
        }

        if (kind == FileKinds.Bmp)
        {
            return Bmp(bytes);
        }

        return kind == FileKinds.Pdf ? PdfEnd.Find(bytes) : null;
    }

    private static long? Jpeg(WindowReader reader)
    {
        long position = 2;
        for (var blocks = 0; blocks < MaxBlocks; blocks++)
        {
            if (reader[position] != 0xFF)
            {
                return null;
            }

            var marker = reader[position + 1];
            if (marker == 0xFF)
            {
                position++;
                continue;
            }

            if (marker is 0xD9)
            {
                return position + 2;
            }

            if (marker is (>= 0xD0 and <= 0xD7) or 0x01)
            {
                position += 2;
                continue;
            }

            var length = reader.U16Be(position + 2);
            if (marker < 0 || length < 2)
            {
                return null;
            }

            position += 2 + length;
            if (marker == 0xDA)
            {
                position = AfterEntropyCodedData(reader, position);
                if (position < 0)
                {
                    return null;
                }
            }
        }

        return null;
    }

    /// <summary>Scan data ends at the first 0xFF that is not stuffing (0xFF00) nor a restart marker.</summary>
    private static long AfterEntropyCodedData(WindowReader reader, long position)
    {
        while (true)
        {
            var at = reader.IndexOf(0xFF, position);
            if (at < 0)
            {
                return -1;
            }

            var next = reader[at + 1];
            if (next is not (0x00 or 0xFF or (>= 0xD0 and <= 0xD7)))
            {
                return next < 0 ? -1 : at;
            }

            position = at + (next == 0xFF ? 1 : 2);
        }
    }

    private static long? Png(SampleBytes bytes)
    {
        long position = 8;
        for (var chunks = 0; chunks < MaxBlocks; chunks++)
        {
            var header = bytes.ReadAt(position, 8);
            if (header.Length < 8)
            {
                return null;
            }

            long length = BinaryPrimitives.ReadUInt32BigEndian(header);
            if (length > int.MaxValue)
            {
                return null;
            }

            position += 12 + length;
            if (header.AsSpan(4).SequenceEqual("IEND"u8))
            {
                return position <= bytes.Length ? position : null;
            }
        }

        return null;
    }

    private static long? Gif(WindowReader reader)
    {
        var packed = reader[10];
        if (packed < 0)
        {
            return null;
        }

        long position = 13 + ((packed & 0x80) != 0 ? 3 << ((packed & 7) + 1) : 0);
        for (var blocks = 0; blocks < MaxBlocks; blocks++)
        {
            switch (reader[position])
            {
                case 0x3B:
                    return position + 1;
                case 0x21:
                    position = AfterSubBlocks(reader, position + 2);
                    break;
                case 0x2C:
                    var local = reader[position + 9];
                    position += 10 + (local >= 0 && (local & 0x80) != 0 ? 3 << ((local & 7) + 1) : 0) + 1;
                    position = AfterSubBlocks(reader, position);
                    break;
                default:
                    return null;
            }

            if (position < 0)
            {
                return null;
            }
        }

        return null;
    }

    private static long AfterSubBlocks(WindowReader reader, long position)
    {
        for (var blocks = 0; blocks < MaxBlocks; blocks++)
        {
            var size = reader[position];
            if (size <= 0)
            {
                return size == 0 ? position + 1 : -1;
            }

            position += 1 + size;
        }

        return -1;
    }

    private static long? Bmp(SampleBytes bytes)
    {
        var header = new HeaderBytes(bytes.ReadAt(0, 18));
        var size = header.U32Le(2);
        var infoSize = header.U32Le(14);
        return infoSize is 12 or 40 or 52 or 56 or 64 or 108 or 124 && size >= 26 && size <= bytes.Length ? size : null;
    }
}
