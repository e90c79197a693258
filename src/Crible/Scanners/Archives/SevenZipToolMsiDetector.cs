using System.Buffers.Binary;
using Crible.Model;

namespace Crible.Scanners.Archives;

/// <summary>
/// Tells a Windows Installer package (MSI, and its patch and transform cousins) from any other OLE2 file by the class
/// id of the compound file's root entry, read with two bounded reads: the header, then the root directory entry.
/// </summary>
internal static class SevenZipToolMsiDetector
{
    private const int HeaderLength = 0x200;
    private const int SectorShiftOffset = 0x1E;
    private const int FirstDirectorySectorOffset = 0x30;
    private const uint LastRegularSector = 0xFFFFFFF9;
    private const int EntryLength = 0x80;
    private const int EntryTypeOffset = 0x42;
    private const byte RootStorage = 5;
    private const int ClassIdOffset = 0x50;

    private static ReadOnlySpan<byte> Signature => [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    /// <summary>{000C10xx-0000-0000-C000-000000000046} as stored (the first three fields little-endian).</summary>
    private static ReadOnlySpan<byte> ClassIdTail => [0x0C, 0x00, 0x00, 0x00, 0x00, 0x00, 0xC0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46];

    /// <summary>The low bytes of the class ids of an installer package (0x1084), a patch (0x1086) and a transform (0x1082).</summary>
    private static ReadOnlySpan<byte> InstallerClassLowBytes => [0x84, 0x86, 0x82];

    public static bool IsWindowsInstaller(SampleData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        Span<byte> header = stackalloc byte[HeaderLength];
        if (SevenZipToolBytes.ReadAt(data, 0, header) < HeaderLength || !header.StartsWith(Signature))
        {
            return false;
        }

        var sectorShift = BinaryPrimitives.ReadUInt16LittleEndian(header[SectorShiftOffset..]);
        var firstDirectorySector = BinaryPrimitives.ReadUInt32LittleEndian(header[FirstDirectorySectorOffset..]);
        if (sectorShift is not (9 or 12) || firstDirectorySector > LastRegularSector)
        {
            return false;
        }

        // Sector n starts after the header sector: (n + 1) << shift; the root entry is the directory's first.
        var rootOffset = ((long)firstDirectorySector + 1) << sectorShift;
        Span<byte> root = stackalloc byte[EntryLength];
        if (SevenZipToolBytes.ReadAt(data, rootOffset, root) < EntryLength || root[EntryTypeOffset] != RootStorage)
        {
            return false;
        }

        var classId = root.Slice(ClassIdOffset, 16);
        return InstallerClassLowBytes.Contains(classId[0]) && classId[1] == 0x10 && classId[2..].SequenceEqual(ClassIdTail);
    }
}
