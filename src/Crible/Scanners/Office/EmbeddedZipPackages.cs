using System.Buffers.Binary;

namespace Crible.Scanners.Office;

/// <summary>
/// Finds whole ZIP packages inside a binary structure: Word, Excel and PowerPoint 2007 and later store the document
/// theme and colour mapping as small OOXML packages inside their 97-2003 record streams. A package runs from a local
/// header to an end record whose central directory, as recorded, ends right at that record; anything else is left.
/// </summary>
public static class EmbeddedZipPackages
{
    public const int MaxPackages = 64;
    private const int EndRecordLength = 22;

    /// <summary>Where each package starts and how long it is, in order.</summary>
    public static List<(int Offset, int Length)> Find(ReadOnlySpan<byte> data)
    {
        var packages = new List<(int Offset, int Length)>();
        var position = 0;
        while (packages.Count < MaxPackages && position < data.Length)
        {
            var start = data[position..].IndexOf("PK\u0003\u0004"u8);
            if (start < 0)
            {
                break;
            }

            start += position;
            var end = FindEnd(data, start);
            if (end < 0)
            {
                position = start + 4;
                continue;
            }

            packages.Add((start, end - start));
            position = end;
        }

        return packages;
    }

    /// <summary>The end of the package starting at <paramref name="start"/>, or -1 when no end record fits it.</summary>
    private static int FindEnd(ReadOnlySpan<byte> data, int start)
    {
        for (var search = start; search < data.Length;)
        {
            var found = data[search..].IndexOf("PK\u0005\u0006"u8);
            if (found < 0)
            {
                return -1;
            }

            var record = search + found;
            if (record + EndRecordLength > data.Length)
            {
                return -1;
            }

            var size = BinaryPrimitives.ReadUInt32LittleEndian(data[(record + 12)..]);
            var offset = BinaryPrimitives.ReadUInt32LittleEndian(data[(record + 16)..]);
            if ((long)offset + size == record - start)
            {
                var comment = BinaryPrimitives.ReadUInt16LittleEndian(data[(record + 20)..]);
                return (int)Math.Min(data.Length, (long)record + EndRecordLength + comment);
            }

            search = record + 4;
        }

        return -1;
    }
}
