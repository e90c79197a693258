namespace Crible.Scanners.Office.Ole;

/// <summary>The 512-byte header of a compound file (MS-CFB 2.2), with the fields a reader needs.</summary>
/// <param name="MajorVersion">3 (512-byte sectors) or 4 (4096-byte sectors).</param>
/// <param name="SectorShift">9 or 12: sectors are 1 &lt;&lt; shift bytes.</param>
/// <param name="DirectorySectorCount">Only meaningful in version 4; 0 in version 3.</param>
/// <param name="Difat">The first 109 FAT sector numbers, as stored (free slots included).</param>
/// <param name="Anomalies">What departs from the specification without stopping a tolerant reader.</param>
public sealed record CompoundFileHeader(
    ushort MinorVersion,
    ushort MajorVersion,
    int SectorShift,
    uint DirectorySectorCount,
    uint FatSectorCount,
    uint FirstDirectorySector,
    uint MiniStreamCutoff,
    uint FirstMiniFatSector,
    uint MiniFatSectorCount,
    uint FirstDifatSector,
    uint DifatSectorCount,
    IReadOnlyList<uint> Difat,
    IReadOnlyList<string> Anomalies)
{
    public const int Length = 512;
    public const int HeaderDifatCount = 109;

    /// <summary>Mini sectors are always 64 bytes; a header that says otherwise is read as if it said 64.</summary>
    public const int MiniSectorSize = 64;

    /// <summary>Streams shorter than this live in the mini stream; the specification fixes it at 4096.</summary>
    public const int StandardMiniStreamCutoff = 4096;

    private static readonly byte[] Signature = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    public int SectorSize => 1 << SectorShift;

    /// <summary>True when the bytes start with the compound file signature.</summary>
    public static bool HasSignature(ReadOnlySpan<byte> bytes) => bytes.StartsWith(Signature);

    /// <summary>Reads a header; throws <see cref="InvalidDataException"/> when the bytes are not a usable one.</summary>
    public static CompoundFileHeader Parse(ReadOnlySpan<byte> bytes)
    {
        if (!HasSignature(bytes))
        {
            throw new InvalidDataException("not a compound file: the signature D0 CF 11 E0 A1 B1 1A E1 is missing");
        }

        if (bytes.Length < Length)
        {
            throw new InvalidDataException($"the header is cut at {bytes.Length} of {Length} bytes");
        }

        var anomalies = new List<string>();
        var reader = new SpanReader(bytes[24..Length]);
        var minor = reader.ReadUInt16();
        var major = reader.ReadUInt16();
        var byteOrder = reader.ReadUInt16();
        var sectorShift = reader.ReadUInt16();
        var miniSectorShift = reader.ReadUInt16();
        reader.Skip(6);
        var directorySectors = reader.ReadUInt32();
        var fatSectors = reader.ReadUInt32();
        var firstDirectory = reader.ReadUInt32();
        reader.Skip(4);
        var cutoff = reader.ReadUInt32();
        var firstMiniFat = reader.ReadUInt32();
        var miniFatSectors = reader.ReadUInt32();
        var firstDifat = reader.ReadUInt32();
        var difatSectors = reader.ReadUInt32();
        var difat = new uint[HeaderDifatCount];
        for (var i = 0; i < difat.Length; i++)
        {
            difat[i] = reader.ReadUInt32();
        }

        if (sectorShift is not (9 or 12))
        {
            throw new InvalidDataException($"unsupported sector size 2^{sectorShift} (only 512 and 4096 exist)");
        }

        if (major is not (3 or 4) || (major == 3) != (sectorShift == 9))
        {
            anomalies.Add($"version {major} with {1 << sectorShift}-byte sectors");
        }

        if (byteOrder != 0xFFFE)
        {
            anomalies.Add($"byte order mark 0x{byteOrder:X4} instead of 0xFFFE");
        }

        if (miniSectorShift != 6)
        {
            anomalies.Add($"mini sector size 2^{miniSectorShift} read as 64 bytes");
        }

        if (cutoff != StandardMiniStreamCutoff)
        {
            anomalies.Add($"mini stream cutoff {cutoff} read as {StandardMiniStreamCutoff}");
        }

        return new CompoundFileHeader(
            minor, major, sectorShift, directorySectors, fatSectors, firstDirectory, StandardMiniStreamCutoff,
            firstMiniFat, miniFatSectors, firstDifat, difatSectors, difat, anomalies);
    }
}
