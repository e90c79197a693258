using System.Text;

namespace Crible.Scanners.Archives;

/// <summary>
/// Lists the members of a Unix ar archive (Debian packages, static libraries): 60-byte headers with decimal sizes,
/// data padded to an even offset, GNU long names ("//" table, "/123" references) and BSD ones ("#1/len" with the
/// name in front of the data). Symbol tables are skipped. Every field is checked before it is trusted.
/// </summary>
internal static class ArReader
{
    private const int MagicLength = 8;
    private const int HeaderLength = 60;
    private const int MaxNameLength = 4096;
    private const int MaxLongNameTable = 16 * 1024 * 1024;

    public static StoredListing Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var members = new List<StoredMember>();
        var header = new byte[HeaderLength];
        byte[] longNames = [];
        long offset = MagicLength;
        while (offset < stream.Length)
        {
            if (members.Count >= StoredMemberEmitter.MaxMembers)
            {
                return new StoredListing(members, $"more than {StoredMemberEmitter.MaxMembers} members; the rest was not listed");
            }

            if (stream.Length - offset < HeaderLength)
            {
                return new StoredListing(members, $"the archive ends inside a member header at offset {offset}");
            }

            stream.Position = offset;
            stream.ReadExactly(header);
            if (header[58] != '`' || header[59] != '\n' || !TryParseDecimal(header.AsSpan(48, 10), out var size))
            {
                return new StoredListing(members, $"the member header at offset {offset} is damaged");
            }

            var dataOffset = offset + HeaderLength;
            var available = stream.Length - dataOffset;
            var rawName = Encoding.UTF8.GetString(header, 0, 16).TrimEnd(' ');
            var problem = AddMember(stream, rawName, dataOffset, Math.Min(size, available), members, ref longNames);
            if (problem is not null || size > available)
            {
                return new StoredListing(members, problem ?? $"member {members.LastOrDefault()?.Name ?? rawName} is truncated");
            }

            offset = dataOffset + size + (size & 1);
        }

        return new StoredListing(members, null);
    }

    /// <summary>Adds the member a header describes (none for symbol and name tables); returns a problem or null.</summary>
    private static string? AddMember(Stream stream, string rawName, long dataOffset, long size, List<StoredMember> members, ref byte[] longNames)
    {
        if (rawName is "/" or "/SYM64/" or "__.SYMDEF" or "__.SYMDEF SORTED" or "__.SYMDEF_64")
        {
            return null;
        }

        if (rawName == "//")
        {
            if (size > MaxLongNameTable)
            {
                return $"the long-name table is {size} bytes, more than {MaxLongNameTable}";
            }

            longNames = new byte[size];
            stream.Position = dataOffset;
            stream.ReadExactly(longNames);
            return null;
        }

        if (rawName.StartsWith("#1/", StringComparison.Ordinal))
        {
            if (!int.TryParse(rawName.AsSpan(3), out var nameLength) || nameLength < 0 || nameLength > Math.Min(size, MaxNameLength))
            {
                return $"the BSD long name of the member at offset {dataOffset} is damaged";
            }

            var nameBytes = new byte[nameLength];
            stream.Position = dataOffset;
            stream.ReadExactly(nameBytes);
            members.Add(new StoredMember(Encoding.UTF8.GetString(nameBytes).TrimEnd('\0'), dataOffset + nameLength, size - nameLength));
            return null;
        }

        var name = rawName.Length > 1 && rawName[0] == '/' && int.TryParse(rawName.AsSpan(1), out var index)
            ? LongName(longNames, index)
            : rawName.TrimEnd('/');
        members.Add(new StoredMember(string.IsNullOrEmpty(name) ? $"member-{members.Count}" : name, dataOffset, size));
        return null;
    }

    private static string? LongName(byte[] table, int index)
    {
        if (index < 0 || index >= table.Length)
        {
            return null;
        }

        var rest = table.AsSpan(index, Math.Min(table.Length - index, MaxNameLength));
        var end = rest.IndexOfAny((byte)'\n', (byte)0);
        var name = Encoding.UTF8.GetString(end < 0 ? rest : rest[..end]);
        return name.EndsWith('/') ? name[..^1] : name;
    }

    private static bool TryParseDecimal(ReadOnlySpan<byte> field, out long value)
    {
        value = 0;
        var digits = 0;
        foreach (var b in field)
        {
            if (b == ' ')
            {
                break;
            }

            if (b is < (byte)'0' or > (byte)'9')
            {
                return false;
            }

            value = (value * 10) + (b - '0');
            digits++;
        }

        return digits > 0;
    }
}
