using System.Buffers.Binary;

namespace Crible.Scanners.Office.PowerPoint;

/// <summary>
/// Walks the records of a PowerPoint binary stream, entering containers up to a depth bound and stopping after a
/// bounded number of records. A record whose length runs past its parent ends the walk of that parent, with a
/// problem stated, rather than being trusted.
/// </summary>
public static class PowerPointRecordReader
{
    public const int MaxDepth = 16;
    public const int MaxRecords = 1_000_000;

    /// <summary>Every record, in stream order (a container before its children).</summary>
    /// <param name="problems">Receives what did not fit.</param>
    public static List<PowerPointRecord> Read(ReadOnlySpan<byte> stream, List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var records = new List<PowerPointRecord>();
        var pending = new Stack<(int Start, int End, int Depth)>();
        pending.Push((0, stream.Length, 0));
        while (pending.Count > 0)
        {
            var (start, end, depth) = pending.Pop();
            var children = new List<(int Start, int End, int Depth)>();
            for (var offset = start; offset + PowerPointRecord.HeaderLength <= end;)
            {
                if (records.Count >= MaxRecords)
                {
                    problems.Add($"more than {MaxRecords} records; the rest was not read");
                    return InStreamOrder(records);
                }

                var versionAndInstance = BinaryPrimitives.ReadUInt16LittleEndian(stream[offset..]);
                var type = BinaryPrimitives.ReadUInt16LittleEndian(stream[(offset + 2)..]);
                var length = BinaryPrimitives.ReadUInt32LittleEndian(stream[(offset + 4)..]);
                var bodyStart = offset + PowerPointRecord.HeaderLength;
                if (length > (uint)(end - bodyStart))
                {
                    problems.Add($"record 0x{type:X4} at offset {offset} claims {length} bytes, {end - bodyStart} are left");
                    break;
                }

                var record = new PowerPointRecord(offset, versionAndInstance & 0xF, versionAndInstance >> 4, type, (int)length);
                records.Add(record);
                if (record.IsContainer && depth + 1 < MaxDepth)
                {
                    children.Add((bodyStart, bodyStart + record.Length, depth + 1));
                }

                offset = bodyStart + record.Length;
            }

            for (var i = children.Count - 1; i >= 0; i--)
            {
                pending.Push(children[i]);
            }
        }

        return InStreamOrder(records);
    }

    private static List<PowerPointRecord> InStreamOrder(List<PowerPointRecord> records)
    {
        records.Sort((left, right) => left.Offset.CompareTo(right.Offset));
        return records;
    }
}
