using System.Buffers.Binary;

namespace Crible.Scanners.Office.Ole;

/// <summary>
/// A FAT or mini FAT, loaded one table sector at a time when a chain first needs it, so opening a large file (or
/// identifying it) reads only the part of the table it uses. Entries the file does not hold read as free sectors,
/// which ends any chain that reaches them.
/// </summary>
internal sealed class AllocationTable
{
    private readonly SectorReader _reader;
    private readonly IReadOnlyList<uint> _tableSectors;
    private readonly Dictionary<int, uint[]> _loaded = [];
    private readonly int _entriesPerSector;

    public AllocationTable(SectorReader reader, IReadOnlyList<uint> tableSectors)
    {
        _reader = reader;
        _tableSectors = tableSectors;
        _entriesPerSector = reader.SectorSize / 4;
    }

    /// <summary>How many sectors the table can describe.</summary>
    public long Capacity => (long)_tableSectors.Count * _entriesPerSector;

    /// <summary>The entry for <paramref name="sector"/>: the next sector of its chain or a marker.</summary>
    public uint Next(uint sector)
    {
        var index = sector / (uint)_entriesPerSector;
        if (index >= (uint)_tableSectors.Count)
        {
            return SectorChain.FreeSector;
        }

        if (!_loaded.TryGetValue((int)index, out var entries))
        {
            entries = Load(_tableSectors[(int)index]);
            _loaded[(int)index] = entries;
        }

        return entries[sector % (uint)_entriesPerSector];
    }

    private uint[] Load(uint tableSector)
    {
        var entries = new uint[_entriesPerSector];
        Array.Fill(entries, SectorChain.FreeSector);
        if (tableSector > SectorChain.MaxRegularSector || tableSector >= _reader.SectorCount)
        {
            return entries;
        }

        var bytes = new byte[_reader.SectorSize];
        var read = _reader.ReadSector(tableSector, bytes);
        for (var i = 0; i < read / 4; i++)
        {
            entries[i] = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(i * 4));
        }

        return entries;
    }
}
