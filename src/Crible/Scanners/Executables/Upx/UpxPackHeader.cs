using System.Buffers.Binary;

namespace Crible.Scanners.Executables.Upx;

/// <summary>
/// UPX's pack header ("UPX!" followed by version, format, method, level, checksums of the uncompressed and
/// compressed data, their lengths, the original file size, the filter and a header checksum). Only the layout of
/// UPX 1.x and later (version 10 and up, 32-bit lengths) is read; older and DOS layouts are recognised but not parsed.
/// </summary>
public sealed record UpxPackHeader(
    long Offset,
    int Version,
    int Format,
    int Method,
    int Level,
    uint UncompressedAdler,
    uint CompressedAdler,
    int UncompressedLength,
    int CompressedLength,
    long OriginalFileSize,
    int Filter,
    int FilterCto)
{
    public const int Length = 32;

    /// <summary>"UPX!" little-endian.</summary>
    public static ReadOnlySpan<byte> Magic => "UPX!"u8;

    /// <summary>The UPX format number's name (the packer's target), for the report.</summary>
    public string FormatName => Format switch
    {
        9 => "win32/pe",
        36 => "win64/pe",
        10 => "linux/i386",
        12 => "linux/elf386",
        22 => "linux/amd64",
        23 => "linux/arm",
        29 or 33 => "macos/i386",
        35 or 37 or 38 => "macos/amd64",
        _ => $"format {Format}",
    };

    /// <summary>Reads the header at <paramref name="offset"/> of <paramref name="bytes"/>; null when it is not one
    /// (bad magic, old layout, lengths that do not add up, wrong header checksum).</summary>
    public static UpxPackHeader? Read(ReadOnlySpan<byte> bytes, long offset)
    {
        if (offset < 0 || offset > bytes.Length - Length)
        {
            return null;
        }

        var header = bytes.Slice((int)offset, Length);
        if (!header.StartsWith(Magic) || header[4] < 10 || header[5] is <= 3 or >= 128)
        {
            return null;
        }

        var uncompressed = BinaryPrimitives.ReadUInt32LittleEndian(header[16..]);
        var compressed = BinaryPrimitives.ReadUInt32LittleEndian(header[20..]);
        if (uncompressed is 0 or > int.MaxValue || compressed is 0 or > int.MaxValue || Checksum(header[4..(Length - 1)]) != header[Length - 1])
        {
            return null;
        }

        return new UpxPackHeader(
            offset,
            header[4],
            header[5],
            header[6],
            header[7],
            BinaryPrimitives.ReadUInt32LittleEndian(header[8..]),
            BinaryPrimitives.ReadUInt32LittleEndian(header[12..]),
            (int)uncompressed,
            (int)compressed,
            BinaryPrimitives.ReadUInt32LittleEndian(header[24..]),
            header[28],
            header[29]);
    }

    /// <summary>The first header at or after <paramref name="from"/>, or null.</summary>
    public static UpxPackHeader? Find(ReadOnlySpan<byte> bytes, int from = 0)
    {
        for (var at = from; at >= 0 && at < bytes.Length;)
        {
            var found = bytes[at..].IndexOf(Magic);
            if (found < 0)
            {
                return null;
            }

            if (Read(bytes, at + found) is { } header)
            {
                return header;
            }

            at += found + 1;
        }

        return null;
    }

    /// <summary>The decompressor for this header's method, or null when UPX used one Crible does not decode
    /// (LZMA, deflate, CL1B).</summary>
    public (Nrv2Variant Variant, int WordBits)? Decompressor => Method switch
    {
        2 => (Nrv2Variant.B, 32),
        3 => (Nrv2Variant.B, 8),
        4 => (Nrv2Variant.B, 16),
        5 => (Nrv2Variant.D, 32),
        6 => (Nrv2Variant.D, 8),
        7 => (Nrv2Variant.D, 16),
        8 => (Nrv2Variant.E, 32),
        9 => (Nrv2Variant.E, 8),
        10 => (Nrv2Variant.E, 16),
        _ => null,
    };

    public string MethodName => Method switch
    {
        2 or 3 or 4 => "NRV2B",
        5 or 6 or 7 => "NRV2D",
        8 or 9 or 10 => "NRV2E",
        14 => "LZMA",
        15 => "deflate",
        _ => $"method {Method}",
    };

    private static int Checksum(ReadOnlySpan<byte> bytes)
    {
        var sum = 0;
        foreach (var b in bytes)
        {
            sum += b;
        }

        return sum % 251;
    }
}
