namespace Crible.Scanners.Office.Ole;

/// <summary>
/// The directory of a compound file: every entry, and the storage tree built from the red-black sibling trees.
/// The walk visits each entry at most once, so loops and shared subtrees in a hostile directory end it rather than
/// hang it; entries the tree never reaches are kept as orphans.
/// </summary>
internal sealed class CompoundFileDirectory
{
    private readonly List<CompoundFileDirectoryEntry> _entries;
    private readonly Dictionary<int, List<CompoundFileDirectoryEntry>> _children = [];
    private readonly string?[] _paths;
    private readonly bool[] _reached;

    private CompoundFileDirectory(List<CompoundFileDirectoryEntry> entries)
    {
        _entries = entries;
        _paths = new string?[entries.Count];
        _reached = new bool[entries.Count];
    }

    public IReadOnlyList<CompoundFileDirectoryEntry> Entries => _entries;

    public CompoundFileDirectoryEntry Root => _entries[0];

    /// <summary>Streams and storages no storage's tree leads to.</summary>
    public IReadOnlyList<CompoundFileDirectoryEntry> Orphans { get; private set; } = [];

    public static CompoundFileDirectory Read(SectorReader reader, AllocationTable fat, CompoundFileHeader header, CompoundFileOptions options, Action<string> problem)
    {
        var maxSectors = Math.Min(reader.SectorCount, ((long)options.MaxDirectoryEntries * CompoundFileDirectoryEntry.Length + reader.SectorSize - 1) / reader.SectorSize);
        var chain = SectorChain.Follow(header.FirstDirectorySector, fat.Next, reader.SectorCount, maxSectors, out var chainProblem);
        if (chainProblem is not null)
        {
            problem($"directory: {chainProblem}");
        }

        var entries = new List<CompoundFileDirectoryEntry>();
        var sector = new byte[reader.SectorSize];
        foreach (var id in chain)
        {
            var read = reader.ReadSector(id, sector);
            for (var offset = 0; offset + CompoundFileDirectoryEntry.Length <= read && entries.Count < options.MaxDirectoryEntries; offset += CompoundFileDirectoryEntry.Length)
            {
                entries.Add(CompoundFileDirectoryEntry.Parse(sector.AsSpan(offset, CompoundFileDirectoryEntry.Length), entries.Count, header.MajorVersion));
            }

            if (read < reader.SectorSize)
            {
                problem($"directory: sector {id} is cut by the end of the file");
                break;
            }
        }

        if (entries.Count == 0)
        {
            throw new InvalidDataException("the directory is empty or outside the file");
        }

        if (entries[0].Type != CompoundFileEntryType.Root)
        {
            problem($"directory: entry 0 is a {entries[0].Type}, not the root");
        }

        var directory = new CompoundFileDirectory(entries);
        directory.BuildTree(options.MaxStorageDepth, problem);
        return directory;
    }

    public IReadOnlyList<CompoundFileDirectoryEntry> ChildrenOf(CompoundFileDirectoryEntry storage) =>
        _children.TryGetValue(storage.Id, out var children) ? children : [];

    /// <summary>Names from the root down joined with '/', empty for the root; orphans have their bare name.</summary>
    public string PathOf(CompoundFileDirectoryEntry entry) => (uint)entry.Id < (uint)_paths.Length ? _paths[entry.Id] ?? entry.Name : entry.Name;

    private void BuildTree(int maxDepth, Action<string> problem)
    {
        _reached[0] = true;
        _paths[0] = string.Empty;
        var pending = new Queue<(int Id, int Depth)>();
        pending.Enqueue((0, 0));
        while (pending.Count > 0)
        {
            var (storageId, depth) = pending.Dequeue();
            var children = Siblings(_entries[storageId].Child, problem);
            _children[storageId] = children;
            foreach (var child in children)
            {
                var parentPath = _paths[storageId]!;
                _paths[child.Id] = parentPath.Length == 0 ? child.Name : parentPath + "/" + child.Name;
                if (!child.IsStorage)
                {
                    continue;
                }

                if (depth + 1 < maxDepth)
                {
                    pending.Enqueue((child.Id, depth + 1));
                }
                else
                {
                    problem($"directory: storages nested deeper than {maxDepth} levels are not read");
                }
            }
        }

        Orphans = [.. _entries.Where(e => e.Id > 0 && !_reached[e.Id] && e.Type != CompoundFileEntryType.Unallocated)];
    }

    /// <summary>The entries of one sibling tree in order, walked without recursion (a degenerate tree may be
    /// thousands deep) and never twice.</summary>
    private List<CompoundFileDirectoryEntry> Siblings(uint top, Action<string> problem)
    {
        var result = new List<CompoundFileDirectoryEntry>();
        var stack = new Stack<int>();
        var current = top;
        while (true)
        {
            while (current != CompoundFileDirectoryEntry.NoStream)
            {
                if (current >= (uint)_entries.Count)
                {
                    problem($"directory: a link points to entry {current}, past the {_entries.Count} read");
                    break;
                }

                if (_reached[current])
                {
                    problem($"directory: entry {current} is linked twice (a loop or a shared subtree)");
                    break;
                }

                _reached[current] = true;
                if (_entries[(int)current].Type == CompoundFileEntryType.Unallocated)
                {
                    problem($"directory: the tree leads to free entry {current}");
                    break;
                }

                stack.Push((int)current);
                current = _entries[(int)current].LeftSibling;
            }

            if (stack.Count == 0)
            {
                return result;
            }

            var entry = _entries[stack.Pop()];
            result.Add(entry);
            current = entry.RightSibling;
        }
    }
}
