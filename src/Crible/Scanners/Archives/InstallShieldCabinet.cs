using System.Buffers.Binary;
using System.Text;

namespace Crible.Scanners.Archives;

/// <summary>
/// The file table of an InstallShield cabinet set (version 6 and later): <c>data1.hdr</c> says, for each file, which
/// <c>dataN.cab</c> holds it, where, and its compressed and expanded sizes. Every offset is checked against the
/// header's length before it is used; descriptors that do not fit end the table.
/// </summary>
internal static class InstallShieldCabinet
{
    private const uint Signature = 0x28635349; // "ISc("
    private const int DescriptorLength = 0x57;
    private const int MaxFiles = 65_536;
    private const int MaxNameLength = 260;
    private const ushort Compressed = 0x4;
    private const ushort Split = 0x1;
    private const ushort Obfuscated = 0x2;
    private const ushort Invalid = 0x8;

    /// <param name="Name">The file name the table gives: a label only.</param>
    /// <param name="Cabinet">N of the <c>dataN.cab</c> that holds it.</param>
    /// <param name="Offset">Where its compressed chunks start in that cabinet.</param>
    /// <param name="Readable">A whole, compressed, unobfuscated file of its own, which this reader decompresses.</param>
    /// <param name="Unsupported">A file stored in a way this reader does not decode (split across cabinets, obfuscated).</param>
    internal sealed record CabinetFile(string Name, int Cabinet, long Offset, long CompressedSize, long Size, bool Readable, bool Unsupported);

    /// <summary>The files the header lists, or null with a reason when it cannot be read.</summary>
    public static IReadOnlyList<CabinetFile>? ReadTable(ReadOnlySpan<byte> header, out string? problem)
    {
        problem = null;
        if (header.Length < 20 || BinaryPrimitives.ReadUInt32LittleEndian(header) != Signature)
        {
            problem = "data1.hdr does not start with an InstallShield cabinet signature";
            return null;
        }

        var version = BinaryPrimitives.ReadUInt32LittleEndian(header[4..]);
        if (MajorVersion(version) < 6)
        {
            problem = $"cabinet version 0x{version:X8} (5 or older) is not read";
            return null;
        }

        long descriptorsOffset = BinaryPrimitives.ReadUInt32LittleEndian(header[12..]);
        if (descriptorsOffset > header.Length - 0x30)
        {
            problem = "data1.hdr's descriptor offset is outside the file";
            return null;
        }

        var descriptors = header[(int)descriptorsOffset..];
        long tableOffset = BinaryPrimitives.ReadUInt32LittleEndian(descriptors[0x0C..]);
        var fileCount = BinaryPrimitives.ReadUInt32LittleEndian(descriptors[0x28..]);
        long directoryTableLength = BinaryPrimitives.ReadUInt32LittleEndian(descriptors[0x2C..]);
        var stringBase = descriptorsOffset + tableOffset;
        var first = stringBase + directoryTableLength;
        var files = new List<CabinetFile>();
        for (long i = 0; i < Math.Min(fileCount, MaxFiles); i++)
        {
            var at = first + (i * DescriptorLength);
            if (at < 0 || at > header.Length - DescriptorLength)
            {
                problem = "data1.hdr's file table runs past its end";
                break;
            }

            files.Add(ReadDescriptor(header, header.Slice((int)at, DescriptorLength), stringBase));
        }

        return files;
    }

    /// <summary>The version's major number, as the two encodings InstallShield used give it.</summary>
    private static int MajorVersion(uint version) => (version >> 24) switch
    {
        1 => (int)((version >> 12) & 0xF),
        2 or 4 => (int)((version & 0xFFFF) / 100),
        _ => 0,
    };

    private static CabinetFile ReadDescriptor(ReadOnlySpan<byte> header, ReadOnlySpan<byte> descriptor, long stringBase)
    {
        var flags = BinaryPrimitives.ReadUInt16LittleEndian(descriptor);
        var size = BinaryPrimitives.ReadInt64LittleEndian(descriptor[2..]);
        var compressedSize = BinaryPrimitives.ReadInt64LittleEndian(descriptor[10..]);
        var offset = BinaryPrimitives.ReadInt64LittleEndian(descriptor[18..]);
        long nameOffset = BinaryPrimitives.ReadUInt32LittleEndian(descriptor[58..]);
        var isDuplicate = (descriptor[84] & 1) != 0;
        var cabinet = BinaryPrimitives.ReadUInt16LittleEndian(descriptor[85..]);
        var readable = (flags & (Compressed | Split | Obfuscated | Invalid)) == Compressed && !isDuplicate &&
            size > 0 && compressedSize > 0 && offset >= 0;
        var unsupported = (flags & Invalid) == 0 && (flags & (Split | Obfuscated)) != 0 && size > 0;
        return new CabinetFile(ReadName(header, stringBase + nameOffset), cabinet, offset, compressedSize, size, readable, unsupported);
    }

    private static string ReadName(ReadOnlySpan<byte> header, long offset)
    {
        if (offset < 0 || offset >= header.Length)
        {
            return string.Empty;
        }

        var rest = header[(int)offset..];
        var end = rest[..Math.Min(rest.Length, MaxNameLength)].IndexOf((byte)0);
        return end <= 0 ? string.Empty : Encoding.Latin1.GetString(rest[..end]);
    }
}
