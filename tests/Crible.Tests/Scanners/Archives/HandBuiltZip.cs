using System.Buffers.Binary;
using System.IO.Compression;
using Crible.Identification;
using System.Text;

namespace Crible.Tests.Scanners.Archives;

/// <summary>Writes ZIP structures by hand, for the archives no honest tool writes: overlapping entries, sizes that
/// lie. Every entry is deflated (method 8).</summary>
public static class HandBuiltZip
{
    private const ushort Deflated = 8;

    /// <summary>David Fifield's "full overlap" construction: one compressed kernel, and <paramref name="entries"/>
    /// central-directory entries that all point at its local header.</summary>
    public static byte[] OverlappingEntries(int entries, int kernelBytes)
    {
        var content = new byte[kernelBytes];
        var packed = Deflate(content);
        var crc = Crc32.Compute(content);
        using var zip = new MemoryStream();
        WriteLocalHeader(zip, "kernel", crc, packed.Length, content.Length);
        zip.Write(packed);
        var directoryOffset = zip.Position;
        for (var i = 0; i < entries; i++)
        {
            WriteCentralEntry(zip, $"file{i:D5}", crc, packed.Length, content.Length, localOffset: 0);
        }

        WriteEnd(zip, entries, zip.Position - directoryOffset, directoryOffset);
        return zip.ToArray();
    }

    /// <summary>One member whose headers declare <paramref name="declaredSize"/> bytes (Zip64 when over 4 GiB) while
    /// its data is <paramref name="realZeros"/> deflated zeros.</summary>
    public static byte[] LyingSize(long declaredSize, int realZeros)
    {
        var packed = Deflate(new byte[realZeros]);
        using var zip = new MemoryStream();
        var zip64 = new byte[20];
        BinaryPrimitives.WriteUInt16LittleEndian(zip64, 1);
        BinaryPrimitives.WriteUInt16LittleEndian(zip64.AsSpan(2), 16);
        BinaryPrimitives.WriteInt64LittleEndian(zip64.AsSpan(4), declaredSize);
        BinaryPrimitives.WriteInt64LittleEndian(zip64.AsSpan(12), packed.Length);
        WriteLocalHeader(zip, "zeros.bin", 0, uint.MaxValue, uint.MaxValue, zip64);
        zip.Write(packed);
        var directoryOffset = zip.Position;
        WriteCentralEntry(zip, "zeros.bin", 0, uint.MaxValue, uint.MaxValue, localOffset: 0, zip64);
        WriteEnd(zip, 1, zip.Position - directoryOffset, directoryOffset);
        return zip.ToArray();
    }

    private static byte[] Deflate(byte[] content)
    {
        using var output = new MemoryStream();
        using (var deflate = new DeflateStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            deflate.Write(content);
        }

        return output.ToArray();
    }

    private static void WriteLocalHeader(Stream zip, string name, uint crc, long packed, long size, byte[]? extra = null)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        Span<byte> header = stackalloc byte[30];
        BinaryPrimitives.WriteUInt32LittleEndian(header, 0x04034B50);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], 45);
        BinaryPrimitives.WriteUInt16LittleEndian(header[8..], Deflated);
        BinaryPrimitives.WriteUInt32LittleEndian(header[14..], crc);
        BinaryPrimitives.WriteUInt32LittleEndian(header[18..], (uint)packed);
        BinaryPrimitives.WriteUInt32LittleEndian(header[22..], (uint)size);
        BinaryPrimitives.WriteUInt16LittleEndian(header[26..], (ushort)nameBytes.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(header[28..], (ushort)(extra?.Length ?? 0));
        zip.Write(header);
        zip.Write(nameBytes);
        zip.Write(extra ?? []);
    }

    private static void WriteCentralEntry(Stream zip, string name, uint crc, long packed, long size, long localOffset, byte[]? extra = null)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        Span<byte> header = stackalloc byte[46];
        BinaryPrimitives.WriteUInt32LittleEndian(header, 0x02014B50);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], 45);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], 45);
        BinaryPrimitives.WriteUInt16LittleEndian(header[10..], Deflated);
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], crc);
        BinaryPrimitives.WriteUInt32LittleEndian(header[20..], (uint)packed);
        BinaryPrimitives.WriteUInt32LittleEndian(header[24..], (uint)size);
        BinaryPrimitives.WriteUInt16LittleEndian(header[28..], (ushort)nameBytes.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(header[30..], (ushort)(extra?.Length ?? 0));
        BinaryPrimitives.WriteUInt32LittleEndian(header[42..], (uint)localOffset);
        zip.Write(header);
        zip.Write(nameBytes);
        zip.Write(extra ?? []);
    }

    private static void WriteEnd(Stream zip, int entries, long directorySize, long directoryOffset)
    {
        Span<byte> end = stackalloc byte[22];
        BinaryPrimitives.WriteUInt32LittleEndian(end, 0x06054B50);
        BinaryPrimitives.WriteUInt16LittleEndian(end[8..], (ushort)Math.Min(entries, 0xFFFF));
        BinaryPrimitives.WriteUInt16LittleEndian(end[10..], (ushort)Math.Min(entries, 0xFFFF));
        BinaryPrimitives.WriteUInt32LittleEndian(end[12..], (uint)directorySize);
        BinaryPrimitives.WriteUInt32LittleEndian(end[16..], (uint)directoryOffset);
        zip.Write(end);
    }
}
