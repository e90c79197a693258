using System.Globalization;

namespace Crible.Scanners.Archives;

/// <summary>
/// The technical listing 7-Zip prints with <c>l -slt</c>: after a line of dashes, one "Key = value" block per member.
/// Read for the packed sizes (the expansion ratio of each member) and the encrypted flag. Bounded: at most
/// <see cref="MaxMembers"/> members are kept; a listing cut short only loses packed sizes.
/// </summary>
internal sealed class SevenZipToolListing
{
    public const int MaxMembers = 100_000;

    private readonly Dictionary<string, Member> _members = new(StringComparer.Ordinal);

    public static SevenZipToolListing Empty { get; } = new();

    public int Count => _members.Count;

    public bool AnyEncrypted { get; private set; }

    public static SevenZipToolListing Parse(string text)
    {
        var listing = new SevenZipToolListing();
        var start = text.IndexOf("\n----------\n", StringComparison.Ordinal);
        if (start < 0)
        {
            return listing;
        }

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in text[(start + 12)..].Split('\n'))
        {
            if (line.Length == 0)
            {
                listing.Add(fields);
                fields.Clear();
                if (listing.Count >= MaxMembers)
                {
                    break;
                }

                continue;
            }

            var separator = line.IndexOf(" = ", StringComparison.Ordinal);
            if (separator > 0)
            {
                fields.TryAdd(line[..separator], line[(separator + 3)..]);
            }
        }

        listing.Add(fields);
        return listing;
    }

    /// <summary>The packed size 7-Zip gives for a member, when it gives one (members of a solid block have none).</summary>
    public long? PackedSize(string path) =>
        _members.TryGetValue(path, out var member) && member.PackedSize > 0 ? member.PackedSize : null;

    private void Add(Dictionary<string, string> fields)
    {
        if (!fields.TryGetValue("Path", out var path) || _members.Count >= MaxMembers)
        {
            return;
        }

        var packed = fields.TryGetValue("Packed Size", out var text) && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : 0;
        var encrypted = fields.TryGetValue("Encrypted", out var flag) && flag == "+";
        AnyEncrypted |= encrypted;
        _members.TryAdd(path, new Member(packed, encrypted));
    }

    private readonly record struct Member(long PackedSize, bool Encrypted);
}
