using System.Buffers.Binary;
using System.Text;

namespace Crible.Scanners.Office.Ole;

/// <summary>Lays out a <see cref="CompoundFileBuilder"/> as a version 3 compound file: large streams, the mini
/// stream, the mini FAT, the directory, then the FAT (and DIFAT sectors when the FAT outgrows the header).</summary>
internal static class CompoundFileWriter
{
    private const int SectorSize = 512;
    private const int EntriesPerSector = SectorSize / 4;
    private const int MiniSectorSize = CompoundFileHeader.MiniSectorSize;
    private const byte Red = 0;
    private const byte Black = 1;

    public static byte[] Write(CompoundFileBuilder builder)
    {
        var nodes = Flatten(builder.Root);
        var entries = nodes.Select(n => new Entry(n)).ToArray();
        LinkTrees(nodes, entries);

        using var body = new MemoryStream();
        var fat = new List<uint>();
        var miniStream = new MemoryStream();
        var miniFat = new List<uint>();
        for (var i = 1; i < nodes.Count; i++)
        {
            var content = nodes[i].Content;
            if (nodes[i].IsStorage || content.Length == 0)
            {
                continue;
            }

            entries[i].Start = content.Length < CompoundFileHeader.StandardMiniStreamCutoff
                ? Append(miniStream, miniFat, content.Span, MiniSectorSize)
                : Append(body, fat, content.Span, SectorSize);
        }

        entries[0].Start = miniStream.Length > 0 ? Append(body, fat, miniStream.ToArray(), SectorSize) : SectorChain.EndOfChain;
        entries[0].Size = miniStream.Length;
        var miniFatStart = miniFat.Count > 0 ? Append(body, fat, Table(miniFat), SectorSize) : SectorChain.EndOfChain;
        var miniFatSectors = (miniFat.Count + EntriesPerSector - 1) / EntriesPerSector;
        var directoryStart = Append(body, fat, Directory(entries), SectorSize);

        var (fatSectors, difatSectors) = TableSizes(fat.Count);
        var firstFatSector = (uint)fat.Count;
        fat.AddRange(Enumerable.Repeat(SectorChain.FatSector, fatSectors));
        fat.AddRange(Enumerable.Repeat(SectorChain.DifatSector, difatSectors));
        var fatSectorNumbers = Enumerable.Range(0, fatSectors).Select(i => firstFatSector + (uint)i).ToList();
        body.Write(Table(fat));
        var firstDifat = difatSectors > 0 ? firstFatSector + (uint)fatSectors : SectorChain.EndOfChain;
        body.Write(DifatSectors(fatSectorNumbers, firstDifat, difatSectors));

        var output = new byte[CompoundFileHeader.Length + body.Length];
        WriteHeader(output, fatSectorNumbers, directoryStart, miniFatStart, miniFatSectors, firstDifat, difatSectors);
        body.ToArray().CopyTo(output, CompoundFileHeader.Length);
        return output;
    }

    private static List<CompoundFileBuilderNode> Flatten(CompoundFileBuilderNode root)
    {
        var nodes = new List<CompoundFileBuilderNode> { root };
        for (var i = 0; i < nodes.Count; i++)
        {
            nodes.AddRange(nodes[i].Children);
        }

        return nodes;
    }

    private static void LinkTrees(List<CompoundFileBuilderNode> nodes, Entry[] entries)
    {
        var ids = new Dictionary<CompoundFileBuilderNode, int>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < nodes.Count; i++)
        {
            ids[nodes[i]] = i;
        }

        for (var i = 0; i < nodes.Count; i++)
        {
            var sorted = nodes[i].Children.Order(Comparer<CompoundFileBuilderNode>.Create(CompoundFileBuilderNode.Compare)).Select(c => ids[c]).ToArray();
            if (sorted.Length == 0)
            {
                continue;
            }

            var deepest = (int)Math.Log2(sorted.Length);
            var perfect = sorted.Length == (1 << (deepest + 1)) - 1;
            entries[i].Child = Balance(sorted, 0, sorted.Length - 1, 0, deepest, perfect, entries);
        }
    }

    /// <summary>A balanced tree from the middle out: every level full but the last, whose nodes are red (unless the
    /// tree is perfect), so every path has the same number of black nodes.</summary>
    private static uint Balance(int[] sorted, int low, int high, int depth, int deepest, bool perfect, Entry[] entries)
    {
        if (low > high)
        {
            return CompoundFileDirectoryEntry.NoStream;
        }

        var middle = low + ((high - low) / 2);
        var id = sorted[middle];
        entries[id].Color = depth == deepest && !perfect ? Red : Black;
        entries[id].Left = Balance(sorted, low, middle - 1, depth + 1, deepest, perfect, entries);
        entries[id].Right = Balance(sorted, middle + 1, high, depth + 1, deepest, perfect, entries);
        return (uint)id;
    }

    /// <summary>Writes bytes padded to whole sectors and chains them in the table; returns the first sector.</summary>
    private static uint Append(MemoryStream target, List<uint> table, ReadOnlySpan<byte> content, int sectorSize)
    {
        var start = (uint)table.Count;
        var count = (content.Length + sectorSize - 1) / sectorSize;
        for (var i = 0; i < count; i++)
        {
            table.Add(i == count - 1 ? SectorChain.EndOfChain : start + (uint)i + 1);
        }

        target.Write(content);
        target.Write(new byte[(count * sectorSize) - content.Length]);
        return start;
    }

    /// <summary>FAT and DIFAT sectors needed for <paramref name="dataSectors"/> plus themselves.</summary>
    private static (int Fat, int Difat) TableSizes(int dataSectors)
    {
        int fat = 0, difat = 0;
        while (true)
        {
            var neededFat = (dataSectors + fat + difat + EntriesPerSector - 1) / EntriesPerSector;
            var neededDifat = neededFat > CompoundFileHeader.HeaderDifatCount ? (neededFat - CompoundFileHeader.HeaderDifatCount + EntriesPerSector - 2) / (EntriesPerSector - 1) : 0;
            if (neededFat == fat && neededDifat == difat)
            {
                return (fat, difat);
            }

            (fat, difat) = (neededFat, neededDifat);
        }
    }

    private static byte[] Table(List<uint> entries)
    {
        var count = (entries.Count + EntriesPerSector - 1) / EntriesPerSector * EntriesPerSector;
        var bytes = new byte[count * 4];
        bytes.AsSpan().Fill(0xFF);
        for (var i = 0; i < entries.Count; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i * 4), entries[i]);
        }

        return bytes;
    }

    private static byte[] DifatSectors(List<uint> fatSectors, uint firstDifat, int difatSectors)
    {
        var bytes = new byte[difatSectors * SectorSize];
        bytes.AsSpan().Fill(0xFF);
        var overflow = fatSectors.Skip(CompoundFileHeader.HeaderDifatCount).ToList();
        for (var sector = 0; sector < difatSectors; sector++)
        {
            var span = bytes.AsSpan(sector * SectorSize, SectorSize);
            for (var i = 0; i < EntriesPerSector - 1 && (sector * (EntriesPerSector - 1)) + i < overflow.Count; i++)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(span[(i * 4)..], overflow[(sector * (EntriesPerSector - 1)) + i]);
            }

            var next = sector == difatSectors - 1 ? SectorChain.EndOfChain : firstDifat + (uint)sector + 1;
            BinaryPrimitives.WriteUInt32LittleEndian(span[((EntriesPerSector - 1) * 4)..], next);
        }

        return bytes;
    }

    private static byte[] Directory(Entry[] entries)
    {
        var perSector = SectorSize / CompoundFileDirectoryEntry.Length;
        var count = (entries.Length + perSector - 1) / perSector * perSector;
        var bytes = new byte[count * CompoundFileDirectoryEntry.Length];
        for (var i = 0; i < count; i++)
        {
            var span = bytes.AsSpan(i * CompoundFileDirectoryEntry.Length, CompoundFileDirectoryEntry.Length);
            if (i < entries.Length)
            {
                entries[i].WriteTo(span, i == 0);
            }
            else
            {
                span[68..80].Fill(0xFF);
            }
        }

        return bytes;
    }

    private static void WriteHeader(byte[] output, List<uint> fatSectors, uint directoryStart, uint miniFatStart, int miniFatSectors, uint firstDifat, int difatSectors)
    {
        var header = output.AsSpan(0, CompoundFileHeader.Length);
        ReadOnlySpan<byte> signature = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        signature.CopyTo(header);
        BinaryPrimitives.WriteUInt16LittleEndian(header[24..], 0x003E);
        BinaryPrimitives.WriteUInt16LittleEndian(header[26..], 3);
        BinaryPrimitives.WriteUInt16LittleEndian(header[28..], 0xFFFE);
        BinaryPrimitives.WriteUInt16LittleEndian(header[30..], 9);
        BinaryPrimitives.WriteUInt16LittleEndian(header[32..], 6);
        BinaryPrimitives.WriteUInt32LittleEndian(header[44..], (uint)fatSectors.Count);
        BinaryPrimitives.WriteUInt32LittleEndian(header[48..], directoryStart);
        BinaryPrimitives.WriteUInt32LittleEndian(header[56..], CompoundFileHeader.StandardMiniStreamCutoff);
        BinaryPrimitives.WriteUInt32LittleEndian(header[60..], miniFatStart);
        BinaryPrimitives.WriteUInt32LittleEndian(header[64..], (uint)miniFatSectors);
        BinaryPrimitives.WriteUInt32LittleEndian(header[68..], firstDifat);
        BinaryPrimitives.WriteUInt32LittleEndian(header[72..], (uint)difatSectors);
        header[76..].Fill(0xFF);
        for (var i = 0; i < Math.Min(fatSectors.Count, CompoundFileHeader.HeaderDifatCount); i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(header[(76 + (i * 4))..], fatSectors[i]);
        }
    }

    private sealed class Entry(CompoundFileBuilderNode node)
    {
        public uint Left { get; set; } = CompoundFileDirectoryEntry.NoStream;

        public uint Right { get; set; } = CompoundFileDirectoryEntry.NoStream;

        public uint Child { get; set; } = CompoundFileDirectoryEntry.NoStream;

        public byte Color { get; set; } = Black;

        public uint Start { get; set; } = SectorChain.EndOfChain;

        public long Size { get; set; } = node.Content.Length;

        public void WriteTo(Span<byte> span, bool isRoot)
        {
            var nameBytes = Encoding.Unicode.GetBytes(node.Name);
            nameBytes.CopyTo(span);
            BinaryPrimitives.WriteUInt16LittleEndian(span[64..], (ushort)(nameBytes.Length + 2));
            span[66] = isRoot ? (byte)5 : node.IsStorage ? (byte)1 : (byte)2;
            span[67] = Color;
            BinaryPrimitives.WriteUInt32LittleEndian(span[68..], Left);
            BinaryPrimitives.WriteUInt32LittleEndian(span[72..], Right);
            BinaryPrimitives.WriteUInt32LittleEndian(span[76..], Child);
            node.Clsid.TryWriteBytes(span[80..96]);
            BinaryPrimitives.WriteUInt32LittleEndian(span[116..], node.IsStorage && !isRoot ? 0 : Start);
            BinaryPrimitives.WriteUInt64LittleEndian(span[120..], (ulong)Size);
        }
    }
}
