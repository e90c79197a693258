using System.Buffers.Binary;
using Crible.Model;

namespace Crible.Scanners.Archives;

/// <summary>Where a PE's overlay starts (the end of its last section's raw data), read from the section table with
/// every field checked against the file's size. InstallShield setup launchers carry their payload there.</summary>
internal static class InstallShieldOverlay
{
    private const int MaxHeaderOffset = 64 * 1024;
    private const int MaxSections = 96;
    private const int SectionHeaderLength = 40;

    /// <summary>The overlay's offset, or null when the file is not a readable PE or has nothing after its sections.</summary>
    public static long? Start(SampleData data)
    {
        Span<byte> dos = stackalloc byte[64];
        if (SevenZipToolBytes.ReadAt(data, 0, dos) < dos.Length || dos[0] != (byte)'M' || dos[1] != (byte)'Z')
        {
            return null;
        }

        var peOffset = BinaryPrimitives.ReadUInt32LittleEndian(dos[0x3C..]);
        Span<byte> fileHeader = stackalloc byte[24];
        if (peOffset > MaxHeaderOffset || SevenZipToolBytes.ReadAt(data, peOffset, fileHeader) < fileHeader.Length || !fileHeader.StartsWith("PE\0\0"u8))
        {
            return null;
        }

        var sections = BinaryPrimitives.ReadUInt16LittleEndian(fileHeader[6..]);
        var optionalHeaderLength = BinaryPrimitives.ReadUInt16LittleEndian(fileHeader[20..]);
        if (sections is 0 or > MaxSections)
        {
            return null;
        }

        var table = new byte[sections * SectionHeaderLength];
        if (SevenZipToolBytes.ReadAt(data, peOffset + 24 + optionalHeaderLength, table) < table.Length)
        {
            return null;
        }

        long end = 0;
        for (var i = 0; i < sections; i++)
        {
            var header = table.AsSpan(i * SectionHeaderLength, SectionHeaderLength);
            long rawSize = BinaryPrimitives.ReadUInt32LittleEndian(header[16..]);
            long rawPointer = BinaryPrimitives.ReadUInt32LittleEndian(header[20..]);
            if (rawSize > 0)
            {
                end = Math.Max(end, rawPointer + rawSize);
            }
        }

        return end > 0 && end < data.Length ? end : null;
    }
}
