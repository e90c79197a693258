namespace Crible.Scanners.Office.Ole;

/// <summary>
/// The mini stream (the root entry's data, cut in 64-byte mini sectors) with its mini FAT: where small streams
/// live. Read once, when the first small stream is opened.
/// </summary>
internal sealed class MiniStream
{
    private readonly SectorReader _sectors;
    private readonly List<uint> _chain;

    private MiniStream(SectorReader sectors, List<uint> chain, long length, AllocationTable table, string? problem)
    {
        _sectors = sectors;
        _chain = chain;
        Length = length;
        Table = table;
        Problem = problem;
    }

    /// <summary>Bytes of the mini stream the file really holds.</summary>
    public long Length { get; }

    public long SectorCount => (Length + CompoundFileHeader.MiniSectorSize - 1) / CompoundFileHeader.MiniSectorSize;

    public AllocationTable Table { get; }

    /// <summary>Why the mini stream or its table is incomplete; null when both are whole.</summary>
    public string? Problem { get; }

    public static MiniStream Open(SectorReader sectors, AllocationTable fat, CompoundFileHeader header, CompoundFileDirectoryEntry root)
    {
        var tableChain = SectorChain.Follow(header.FirstMiniFatSector, fat.Next, sectors.SectorCount, sectors.SectorCount, out var tableProblem);
        var size = sectors.SectorSize;
        var chain = SectorChain.Follow(root.StartSector, fat.Next, sectors.SectorCount, (root.Size + size - 1) / size, out var chainProblem);
        long readable = 0;
        foreach (var sector in chain)
        {
            var available = sectors.AvailableIn(sector);
            readable += available;
            if (available < size)
            {
                break;
            }
        }

        var length = Math.Min(root.Size, readable);
        var problem = tableProblem is not null ? $"mini FAT: {tableProblem}"
            : chainProblem is not null ? $"mini stream: {chainProblem}"
            : length < root.Size ? $"mini stream: {length} of {root.Size} bytes readable"
            : null;
        return new MiniStream(sectors, chain, length, new AllocationTable(sectors, tableChain), problem);
    }

    /// <summary>Where mini sector <paramref name="miniSector"/> starts in the file, and how many of its bytes the
    /// file holds (0 when it lies outside the mini stream).</summary>
    public int Locate(uint miniSector, out long fileOffset)
    {
        var position = (long)miniSector * CompoundFileHeader.MiniSectorSize;
        var index = position >> _sectors.SectorShift;
        fileOffset = 0;
        if (position >= Length || index >= _chain.Count)
        {
            return 0;
        }

        var within = (int)(position & (_sectors.SectorSize - 1));
        fileOffset = _sectors.OffsetOf(_chain[(int)index]) + within;
        var inSector = _sectors.AvailableIn(_chain[(int)index]) - within;
        return (int)Math.Clamp(Math.Min(inSector, Length - position), 0, CompoundFileHeader.MiniSectorSize);
    }
}
