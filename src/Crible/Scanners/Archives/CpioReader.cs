using System.Text;

namespace Crible.Scanners.Archives;

/// <summary>
/// Lists the regular files of a cpio archive in any of its variants (odc, newc, crc, old binary in either byte
/// order) up to the "TRAILER!!!" entry. Directories, links and devices carry no content worth analysing; for hard
/// links only the entry that holds the data is kept.
/// </summary>
internal static class CpioReader
{
    private const int MaxNameSize = 64 * 1024;
    private const string Trailer = "TRAILER!!!";

    public static StoredListing Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var members = new List<StoredMember>();
        var buffer = new byte[CpioHeader.MaxLength];
        long offset = 0;
        for (var entries = 0; offset < stream.Length; entries++)
        {
            if (entries >= StoredMemberEmitter.MaxMembers)
            {
                return new StoredListing(members, $"more than {StoredMemberEmitter.MaxMembers} entries; the rest was not listed");
            }

            stream.Position = offset;
            var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            if (CpioHeader.Parse(buffer.AsSpan(0, read)) is not { } header)
            {
                return new StoredListing(members, $"no valid entry header at offset {offset}; the archive is damaged or truncated");
            }

            if (header.NameSize is < 1 or > MaxNameSize)
            {
                return new StoredListing(members, $"the entry at offset {offset} has an implausible name length of {header.NameSize}");
            }

            var name = ReadName(stream, offset + header.HeaderLength, (int)header.NameSize);
            if (name == Trailer)
            {
                return new StoredListing(members, null);
            }

            var dataOffset = CpioHeader.Align(offset + header.HeaderLength + header.NameSize, header.Alignment);
            var available = Math.Max(0, stream.Length - dataOffset);
            if (header.IsRegularFile && (header.FileSize > 0 || header.Links <= 1))
            {
                members.Add(new StoredMember(string.IsNullOrEmpty(name) ? $"member-{entries}" : name, dataOffset, Math.Min(header.FileSize, available)));
            }

            if (header.FileSize > available)
            {
                return new StoredListing(members, $"entry {name} is truncated");
            }

            offset = CpioHeader.Align(dataOffset + header.FileSize, header.Alignment);
        }

        return new StoredListing(members, "the archive ends without its trailer; it may be truncated");
    }

    private static string ReadName(Stream stream, long offset, int size)
    {
        var bytes = new byte[size];
        stream.Position = Math.Min(offset, stream.Length);
        var read = stream.ReadAtLeast(bytes, size, throwOnEndOfStream: false);
        var span = bytes.AsSpan(0, read);
        var end = span.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? span : span[..end]);
    }
}
