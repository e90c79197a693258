using System.Buffers.Binary;

namespace Crible.Scanners.Office.Ole;

/// <summary>
/// A reader of OLE2 compound files (MS-CFB: legacy Office documents, MSI, Outlook messages, embedded OLE objects)
/// that tolerates hostile and damaged files. Nothing read from the file is trusted: chains are followed with a
/// visited set and a length bound, sector numbers are checked against the file, sizes against what the chains
/// really hold, the directory tree is walked once per entry. What could not be read is listed in
/// <see cref="Problems"/> (file level) and <see cref="CompoundFileStream.Problem"/> (per stream) instead of thrown.
/// Not thread-safe: one reader reads its source from one thread at a time.
/// </summary>
public sealed class CompoundFile : IDisposable
{
    private readonly Stream _source;
    private readonly bool _leaveOpen;
    private readonly CompoundFileOptions _options;
    private readonly SectorReader _sectors;
    private readonly AllocationTable _fat;
    private readonly CompoundFileDirectory _directory;
    private readonly List<string> _problems = [];
    private MiniStream? _miniStream;
    private int _droppedProblems;

    private CompoundFile(Stream source, CompoundFileHeader header, CompoundFileOptions options, bool leaveOpen)
    {
        _source = source;
        _leaveOpen = leaveOpen;
        _options = options;
        Header = header;
        _sectors = new SectorReader(source, header.SectorShift);
        _fat = new AllocationTable(_sectors, ReadFatSectorNumbers());
        _directory = CompoundFileDirectory.Read(_sectors, _fat, header, options, AddProblem);
    }

    public CompoundFileHeader Header { get; }

    /// <summary>Every directory entry read, by id (free slots included).</summary>
    public IReadOnlyList<CompoundFileDirectoryEntry> Entries => _directory.Entries;

    public CompoundFileDirectoryEntry Root => _directory.Root;

    /// <summary>Streams and storages that no storage leads to (deleted or hidden content).</summary>
    public IReadOnlyList<CompoundFileDirectoryEntry> Orphans => _directory.Orphans;

    /// <summary>What could not be read at file level (DIFAT, directory, tree); empty for a sound file.</summary>
    public IReadOnlyList<string> Problems => _droppedProblems == 0 ? _problems : [.. _problems, $"and {_droppedProblems} more problems"];

    /// <summary>Opens a compound file; throws <see cref="InvalidDataException"/> when its header or directory
    /// cannot be read at all.</summary>
    /// <param name="source">A readable, seekable stream positioned anywhere.</param>
    public static CompoundFile Open(Stream source, CompoundFileOptions? options = null, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (!source.CanRead || !source.CanSeek)
        {
            throw new ArgumentException("A compound file is read from a seekable stream.", nameof(source));
        }

        var bytes = new byte[CompoundFileHeader.Length];
        source.Position = 0;
        var read = source.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
        var header = CompoundFileHeader.Parse(bytes.AsSpan(0, read));
        return new CompoundFile(source, header, options ?? CompoundFileOptions.Default, leaveOpen);
    }

    public static CompoundFile Open(byte[] bytes, CompoundFileOptions? options = null) =>
        Open(new MemoryStream(bytes ?? throw new ArgumentNullException(nameof(bytes)), writable: false), options);

    public IReadOnlyList<CompoundFileDirectoryEntry> ChildrenOf(CompoundFileDirectoryEntry storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        return _directory.ChildrenOf(storage);
    }

    /// <summary>The entry's names from the root down, joined with '/' (empty for the root).</summary>
    public string PathOf(CompoundFileDirectoryEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return _directory.PathOf(entry);
    }

    /// <summary>The child of <paramref name="storage"/> with this name, compared case-insensitively as the format
    /// does; null when there is none.</summary>
    public CompoundFileDirectoryEntry? Child(CompoundFileDirectoryEntry storage, string name) =>
        ChildrenOf(storage).FirstOrDefault(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The entry at this path of names under the root, or null.</summary>
    public CompoundFileDirectoryEntry? Find(params string[] names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var entry = Root;
        foreach (var name in names)
        {
            var next = Child(entry, name);
            if (next is null)
            {
                return null;
            }

            entry = next;
        }

        return entry;
    }

    /// <summary>Every entry under <paramref name="storage"/> (the root when null), parents before children.</summary>
    public IEnumerable<CompoundFileDirectoryEntry> Descendants(CompoundFileDirectoryEntry? storage = null)
    {
        var pending = new Stack<CompoundFileDirectoryEntry>();
        foreach (var child in ChildrenOf(storage ?? Root).Reverse())
        {
            pending.Push(child);
        }

        while (pending.Count > 0)
        {
            var entry = pending.Pop();
            yield return entry;
            foreach (var child in ChildrenOf(entry).Reverse())
            {
                pending.Push(child);
            }
        }
    }

    /// <summary>Opens a stream for reading; see <see cref="CompoundFileStream.Problem"/> for what is missing.</summary>
    public CompoundFileStream OpenStream(CompoundFileDirectoryEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (!entry.IsStream)
        {
            throw new ArgumentException($"Entry {entry.Id} ({entry.Name}) is a {entry.Type}, not a stream.", nameof(entry));
        }

        return entry.Size < Header.MiniStreamCutoff ? OpenMiniStream(entry) : OpenRegularStream(entry);
    }

    /// <summary>Reads at most <paramref name="maxBytes"/> of a stream.</summary>
    /// <param name="complete">False when the stream is damaged or longer than <paramref name="maxBytes"/>.</param>
    public byte[] ReadStream(CompoundFileDirectoryEntry entry, int maxBytes, out bool complete)
    {
        using var stream = OpenStream(entry);
        var bytes = new byte[(int)Math.Clamp(stream.Length, 0, Math.Max(0, maxBytes))];
        var read = stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
        complete = stream.IsComplete && stream.Length <= maxBytes && read == bytes.Length;
        return read == bytes.Length ? bytes : bytes[..read];
    }

    public void Dispose()
    {
        if (!_leaveOpen)
        {
            _source.Dispose();
        }
    }

    private CompoundFileStream OpenRegularStream(CompoundFileDirectoryEntry entry)
    {
        var size = _sectors.SectorSize;
        var expected = (entry.Size + size - 1) / size;
        var chain = SectorChain.Follow(entry.StartSector, _fat.Next, _sectors.SectorCount, expected, out var problem);
        var offsets = new long[chain.Count];
        long readable = 0;
        for (var i = 0; i < chain.Count; i++)
        {
            offsets[i] = _sectors.OffsetOf(chain[i]);
            var available = _sectors.AvailableIn(chain[i]);
            readable += available;
            if (available < size)
            {
                break;
            }
        }

        return CreateStream(entry, offsets, size, readable, problem);
    }

    private CompoundFileStream OpenMiniStream(CompoundFileDirectoryEntry entry)
    {
        var mini = _miniStream ??= MiniStream.Open(_sectors, _fat, Header, Root);
        const int size = CompoundFileHeader.MiniSectorSize;
        var expected = (entry.Size + size - 1) / size;
        var chain = SectorChain.Follow(entry.StartSector, mini.Table.Next, mini.SectorCount, expected, out var problem);
        var offsets = new long[chain.Count];
        long readable = 0;
        for (var i = 0; i < chain.Count; i++)
        {
            var available = mini.Locate(chain[i], out offsets[i]);
            readable += available;
            if (available < size)
            {
                break;
            }
        }

        problem ??= mini.Problem;
        return CreateStream(entry, offsets, size, readable, problem);
    }

    private CompoundFileStream CreateStream(CompoundFileDirectoryEntry entry, long[] offsets, int segmentSize, long readable, string? problem)
    {
        var length = Math.Min(entry.Size, readable);
        if (length < entry.Size)
        {
            var cause = problem ?? "the chain ends early or the file is truncated";
            problem = $"{_directory.PathOf(entry)}: {length} of {entry.Size} bytes readable ({cause})";
        }
        else
        {
            problem = null;
        }

        return new CompoundFileStream(_sectors, offsets, segmentSize, length, entry.Size, problem);
    }

    /// <summary>The FAT's own sectors, from the header's 109 slots then the chained DIFAT sectors, in order (a
    /// slot that names no real sector stays in place so later positions keep their meaning).</summary>
    private List<uint> ReadFatSectorNumbers()
    {
        var wanted = (int)Math.Min(Header.FatSectorCount, _sectors.SectorCount);
        var numbers = new List<uint>(Math.Min(wanted, 1 << 16));
        numbers.AddRange(Header.Difat.Take(Math.Min(wanted, CompoundFileHeader.HeaderDifatCount)));
        if (numbers.Count == wanted)
        {
            return numbers;
        }

        var perSector = (_sectors.SectorSize / 4) - 1;
        var chain = SectorChain.Follow(Header.FirstDifatSector, s => NextDifatSector(s, perSector), _sectors.SectorCount, _sectors.SectorCount, out var problem);
        var buffer = new byte[_sectors.SectorSize];
        foreach (var sector in chain)
        {
            Array.Clear(buffer);
            _sectors.ReadSector(sector, buffer);
            for (var i = 0; i < perSector && numbers.Count < wanted; i++)
            {
                numbers.Add(BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(i * 4)));
            }

            if (numbers.Count == wanted)
            {
                return numbers;
            }
        }

        AddProblem($"DIFAT: {numbers.Count} of {Header.FatSectorCount} FAT sectors listed{(problem is null ? string.Empty : $" ({problem})")}");
        return numbers;
    }

    private uint NextDifatSector(uint sector, int perSector)
    {
        Span<byte> next = stackalloc byte[4];
        next.Fill(0xFF);
        _sectors.ReadAt(_sectors.OffsetOf(sector) + (perSector * 4L), next);
        return BinaryPrimitives.ReadUInt32LittleEndian(next);
    }

    private void AddProblem(string problem)
    {
        if (_problems.Contains(problem, StringComparer.Ordinal))
        {
            return;
        }

        if (_problems.Count < _options.MaxProblems)
        {
            _problems.Add(problem);
        }
        else
        {
            _droppedProblems++;
        }
    }
}
