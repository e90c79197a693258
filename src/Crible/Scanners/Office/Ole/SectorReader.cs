namespace Crible.Scanners.Office.Ole;

/// <summary>Reads whole or partial sectors of a compound file from a seekable stream; the last sector of a
/// truncated file reads short rather than failing.</summary>
internal sealed class SectorReader
{
    private readonly Stream _source;

    public SectorReader(Stream source, int sectorShift)
    {
        _source = source;
        SectorShift = sectorShift;
        Length = source.Length;
        SectorCount = Math.Max(0, (Length - SectorSize + SectorSize - 1) >> sectorShift);
    }

    public int SectorShift { get; }

    public int SectorSize => 1 << SectorShift;

    public long Length { get; }

    /// <summary>Sectors after the header, counting a last partial one.</summary>
    public long SectorCount { get; }

    /// <summary>Sector n starts right after the header sector.</summary>
    public long OffsetOf(uint sector) => ((long)sector + 1) << SectorShift;

    /// <summary>How many bytes of the sector the file holds (less than a sector at the end of a truncated file).</summary>
    public int AvailableIn(uint sector)
    {
        var offset = OffsetOf(sector);
        return offset >= Length ? 0 : (int)Math.Min(SectorSize, Length - offset);
    }

    /// <summary>Reads into <paramref name="buffer"/> from <paramref name="offset"/>; returns the bytes read.</summary>
    public int ReadAt(long offset, Span<byte> buffer)
    {
        if (offset < 0 || offset >= Length)
        {
            return 0;
        }

        _source.Position = offset;
        return _source.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
    }

    /// <summary>Reads one sector; the bytes the file does not hold are left as they were in the buffer.</summary>
    public int ReadSector(uint sector, Span<byte> buffer) => ReadAt(OffsetOf(sector), buffer[..Math.Min(buffer.Length, SectorSize)]);
}
