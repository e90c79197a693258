namespace Crible.Scanners.Archives;

/// <summary>
/// Screens a ZIP's central directory before extraction: members whose data overlaps another's (David Fifield's
/// non-recursive bomb, where thousands of entries share one compressed kernel) and members in a compression method
/// that cannot be decoded here. Both are skipped, so extraction stays bounded by the archive's real content.
/// </summary>
internal sealed class ZipBombGuard
{
    private const int LocalHeaderLength = 30;

    private static readonly HashSet<int> DecodableMethods = [0, 1, 2, 3, 4, 5, 6, 8, 9, 12, 14, 93, 95, 98, 99];

    private static readonly Dictionary<int, string> MethodNames = new()
    {
        [7] = "tokenizing",
        [10] = "PKWARE DCL implode",
        [16] = "IBM z/OS CMPSC",
        [18] = "IBM TERSE",
        [19] = "IBM LZ77 z",
        [20] = "early Zstandard",
        [94] = "MP3",
        [96] = "JPEG variant",
        [97] = "WavPack",
    };

    private readonly Dictionary<int, string> _skips = [];
    private Dictionary<string, int>? _byName;

    public ZipBombGuard(IReadOnlyList<ZipCentralEntry> entries, long archiveLength)
    {
        ArgumentNullException.ThrowIfNull(entries);
        Entries = entries;
        FindOverlaps(archiveLength);
        for (var index = 0; index < entries.Count; index++)
        {
            var entry = entries[index];
            if (!_skips.ContainsKey(index) && !DecodableMethods.Contains(entry.Method))
            {
                var label = MethodNames.GetValueOrDefault(entry.Method, "unknown");
                _skips[index] = $"zip: member {entry.Name} uses compression method {entry.Method} ({label}), which cannot be decompressed here";
            }
        }
    }

    public IReadOnlyList<ZipCentralEntry> Entries { get; }

    /// <summary>Entries whose data overlaps the data of another entry.</summary>
    public int OverlappingCount { get; private set; }

    /// <summary>Why a listed member must not be extracted: a reason to record, an empty string when it is one of
    /// the overlapping entries already summed up, or null when it may be extracted. Members are matched to directory
    /// entries by index when the lister saw as many, else by name.</summary>
    public string? SkipReason(int index, int listedCount, string name)
    {
        if (listedCount != Entries.Count)
        {
            _byName ??= Enumerable.Range(0, Entries.Count).GroupBy(i => Entries[i].Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
            if (!_byName.TryGetValue(name, out index))
            {
                return null;
            }
        }

        return _skips.GetValueOrDefault(index);
    }

    /// <summary>In offset order, an entry overlaps when it starts before the least end of the last one kept.</summary>
    private void FindOverlaps(long archiveLength)
    {
        var order = Enumerable.Range(0, Entries.Count).OrderBy(i => Entries[i].LocalHeaderOffset).ToList();
        long keptEnd = -1;
        foreach (var index in order)
        {
            var entry = Entries[index];
            if (entry.LocalHeaderOffset < keptEnd)
            {
                _skips[index] = string.Empty;
                OverlappingCount++;
                continue;
            }

            // A size running past the end of the file is damage, not overlap: it does not hide the entries after it.
            var end = entry.LocalHeaderOffset + LocalHeaderLength + Math.Max(0, entry.CompressedSize);
            keptEnd = end <= archiveLength ? end : entry.LocalHeaderOffset + LocalHeaderLength;
        }
    }
}
