using System.Text;

namespace Crible.Identification.Detectors;

/// <summary>
/// Reads the entry names of a ZIP archive for identification, bounded and forgiving: the central directory found
/// through the end record in the tail (read through at most <see cref="FileProbe.MaxRead"/> bytes), or, when that
/// is missing or damaged, the local headers in the head. Every length is checked; garbage gives fewer names, never
/// an exception.
/// </summary>
internal static class ZipEntryNames
{
    /// <summary>Enough names to recognise any package; a directory longer than this is not read further.</summary>
    public const int MaxNames = 2000;

    private const int EndRecordLength = 22;
    private const int Zip64LocatorLength = 20;
    private const int Zip64EndRecordLength = 56;
    private const int CentralHeaderLength = 46;
    private const int LocalHeaderLength = 30;
    private const int DataDescriptorFlag = 0x08;

    private static readonly byte[] EndRecordSignature = [0x50, 0x4B, 0x05, 0x06];
    private static readonly byte[] Zip64LocatorSignature = [0x50, 0x4B, 0x06, 0x07];
    private static readonly byte[] Zip64EndRecordSignature = [0x50, 0x4B, 0x06, 0x06];
    private static readonly byte[] CentralHeaderSignature = [0x50, 0x4B, 0x01, 0x02];
    private static readonly byte[] LocalHeaderSignature = [0x50, 0x4B, 0x03, 0x04];

    public static IReadOnlyList<string> Read(FileProbe probe, int maxNames = MaxNames)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var names = new List<string>();
        if (TryLocateCentralDirectory(probe, out var offset, out var size))
        {
            ReadCentralDirectory(probe.ReadAt(offset, (int)Math.Min(size, FileProbe.MaxRead)), names, maxNames);
        }

        if (names.Count == 0)
        {
            ReadLocalHeaders(probe.Head, names, maxNames);
        }

        return names;
    }

    /// <summary>Where the central directory is, from the end record found in the tail; false when there is none.</summary>
    public static bool TryLocateCentralDirectory(FileProbe probe, out long offset, out long size)
    {
        ArgumentNullException.ThrowIfNull(probe);
        offset = size = 0;
        var tail = probe.Tail;
        var tailStart = probe.Length - tail.Length;
        var at = FindEndRecord(tail);
        if (at < 0)
        {
            return false;
        }

        var end = new HeaderBytes(tail[at..]);
        size = end.U32Le(12);
        offset = end.U32Le(16);
        var endRecordOffset = tailStart + at;
        if (offset == uint.MaxValue || size == uint.MaxValue)
        {
            ReadZip64Location(tail, at, ref offset, ref size, ref endRecordOffset);
        }

        if (size <= 0 || size > endRecordOffset)
        {
            return false;
        }

        // A prefix (self-extractor stub, junk) shifts the whole archive: trust the directory's position relative
        // to the end record when the recorded offset does not land on a central header.
        if (!StartsWith(probe, offset, CentralHeaderSignature))
        {
            offset = endRecordOffset - size;
        }

        return StartsWith(probe, offset, CentralHeaderSignature);
    }

    private static int FindEndRecord(ReadOnlySpan<byte> tail)
    {
        // The record is 22 bytes plus a comment of up to 64 KiB; prefer the one whose comment ends the file, else
        // take the last complete one (an archive followed by padding).
        var fallback = -1;
        for (var at = tail.LastIndexOf(EndRecordSignature); at >= 0; at = tail[..at].LastIndexOf(EndRecordSignature))
        {
            var commentLength = new HeaderBytes(tail[at..]).U16Le(20);
            if (commentLength < 0)
            {
                continue;
            }

            if (at + EndRecordLength + commentLength == tail.Length)
            {
                return at;
            }

            if (fallback < 0 && at + EndRecordLength + commentLength < tail.Length)
            {
                fallback = at;
            }
        }

        return fallback;
    }

    private static void ReadZip64Location(ReadOnlySpan<byte> tail, int endRecordAt, ref long offset, ref long size, ref long endRecordOffset)
    {
        var locatorAt = endRecordAt - Zip64LocatorLength;
        var locator = new HeaderBytes(locatorAt >= 0 ? tail[locatorAt..] : []);
        if (!locator.Matches(0, Zip64LocatorSignature))
        {
            return;
        }

        // The ZIP64 end record sits right before its locator; read it there rather than trusting its stored offset.
        var recordAt = locatorAt - Zip64EndRecordLength;
        var record = new HeaderBytes(recordAt >= 0 ? tail[recordAt..] : []);
        if (record.Matches(0, Zip64EndRecordSignature))
        {
            size = record.U64Le(40);
            offset = record.U64Le(48);
            endRecordOffset -= Zip64LocatorLength + Zip64EndRecordLength;
        }
    }

    private static bool StartsWith(FileProbe probe, long offset, ReadOnlySpan<byte> signature) =>
        offset >= 0 && probe.ReadAt(offset, signature.Length).AsSpan().SequenceEqual(signature);

    private static void ReadCentralDirectory(ReadOnlySpan<byte> directory, List<string> names, int maxNames)
    {
        var position = 0;
        while (names.Count < maxNames)
        {
            var header = new HeaderBytes(directory[position..]);
            if (!header.Matches(0, CentralHeaderSignature))
            {
                return;
            }

            var nameLength = header.U16Le(28);
            var extraLength = header.U16Le(30);
            var commentLength = header.U16Le(32);
            var name = header.Slice(CentralHeaderLength, nameLength);
            if (nameLength < 0 || extraLength < 0 || commentLength < 0 || name.Length != nameLength)
            {
                return;
            }

            names.Add(DecodeName(name, header.U16Le(8)));
            var next = CentralHeaderLength + nameLength + extraLength + commentLength;
            if (next > directory.Length - position)
            {
                return;
            }

            position += next;
        }
    }

    private static void ReadLocalHeaders(ReadOnlySpan<byte> head, List<string> names, int maxNames)
    {
        var position = 0;
        while (names.Count < maxNames && position >= 0 && position < head.Length)
        {
            var header = new HeaderBytes(head[position..]);
            if (!header.Matches(0, LocalHeaderSignature))
            {
                return;
            }

            var flags = header.U16Le(6);
            var compressedSize = header.U32Le(18);
            var nameLength = header.U16Le(26);
            var extraLength = header.U16Le(28);
            var name = header.Slice(LocalHeaderLength, nameLength);
            if (nameLength <= 0 || extraLength < 0 || name.Length != nameLength)
            {
                return;
            }

            names.Add(DecodeName(name, flags));
            var dataStart = LocalHeaderLength + nameLength + extraLength;
            if ((flags & DataDescriptorFlag) != 0 || compressedSize == uint.MaxValue)
            {
                // The size is only known after the data: look for the next local header instead.
                var searchFrom = Math.Min(position + dataStart, head.Length);
                var found = head[searchFrom..].IndexOf(LocalHeaderSignature);
                position = found < 0 ? -1 : searchFrom + found;
            }
            else
            {
                var next = position + dataStart + compressedSize;
                position = next < head.Length ? (int)next : -1;
            }
        }
    }

    private static string DecodeName(ReadOnlySpan<byte> name, int flags)
    {
        // Bit 11 marks UTF-8 names; others are CP437, whose ASCII half is all a detector compares.
        const int Utf8Flag = 0x800;
        return flags >= 0 && (flags & Utf8Flag) != 0 ? Encoding.UTF8.GetString(name) : Encoding.Latin1.GetString(name);
    }
}
