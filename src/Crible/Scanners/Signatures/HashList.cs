namespace Crible.Scanners.Signatures;

/// <summary>A set of known-bad digests (MD5, SHA-1 or SHA-256) with what each one is.</summary>
public sealed class HashList
{
    private readonly Dictionary<string, HashListEntry> _entries;

    private HashList(Dictionary<string, HashListEntry> entries) => _entries = entries;

    public int Count => _entries.Count;

    public static HashList Empty { get; } = new(new Dictionary<string, HashListEntry>(StringComparer.Ordinal));

    /// <summary>Reads lines of <c>hash[;description]</c> (also <c>hash description</c> and <c>hash,description</c>);
    /// <c>#</c> starts a comment. Lines that are not a digest are counted in <paramref name="rejected"/>.</summary>
    public static HashList Parse(IEnumerable<string> lines, string source, out IReadOnlyList<string> rejected)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var entries = new Dictionary<string, HashListEntry>(StringComparer.Ordinal);
        var bad = new List<string>();
        var number = 0;
        foreach (var raw in lines)
        {
            number++;
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var separator = line.IndexOfAny([';', ',', ' ', '\t']);
            var hash = (separator < 0 ? line : line[..separator]).Trim().ToLowerInvariant();
            var description = separator < 0 ? string.Empty : line[(separator + 1)..].Trim();
            if (!IsDigest(hash))
            {
                bad.Add($"{source}:{number}: not an MD5, SHA-1 or SHA-256 digest");
                continue;
            }

            entries.TryAdd(hash, new HashListEntry(hash, description, source));
        }

        rejected = bad;
        return new HashList(entries);
    }

    public static HashList Load(string path, out IReadOnlyList<string> rejected) => Parse(File.ReadLines(path), path, out rejected);

    public HashList Merge(HashList other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var merged = new Dictionary<string, HashListEntry>(_entries, StringComparer.Ordinal);
        foreach (var (hash, entry) in other._entries)
        {
            merged.TryAdd(hash, entry);
        }

        return new HashList(merged);
    }

    public HashListEntry? Find(string digest) => _entries.GetValueOrDefault(digest);

    /// <summary>A digest of the listed hashes, so a cache can tell when the list changed.</summary>
    public string Fingerprint()
    {
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        foreach (var key in _entries.Keys.Order(StringComparer.Ordinal))
        {
            hash.AppendData(System.Text.Encoding.ASCII.GetBytes(key));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static bool IsDigest(string value) =>
        value.Length is 32 or 40 or 64 && value.All(char.IsAsciiHexDigitLower);
}

/// <summary>One known-bad digest.</summary>
public sealed record HashListEntry(string Hash, string Description, string Source);
