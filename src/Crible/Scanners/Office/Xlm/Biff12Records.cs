namespace Crible.Scanners.Office.Xlm;

/// <summary>
/// Splits a BIFF12 part (MS-XLSB 2.1.4) into records: a type of one or two bytes and a size of one to four bytes,
/// each byte giving 7 bits and its high bit saying another byte follows. Every size is checked against what is left;
/// the walk stops at the first record that does not fit, or after <see cref="MaxRecords"/> records.
/// </summary>
public static class Biff12Records
{
    public const int MaxRecords = 2_000_000;

    public static List<Biff12Record> Read(ReadOnlySpan<byte> part, List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var records = new List<Biff12Record>();
        var offset = 0;
        while (offset < part.Length)
        {
            if (records.Count == MaxRecords)
            {
                problems.Add($"more than {MaxRecords} records; the rest were not read");
                break;
            }

            var start = offset;
            if (!TryReadVarint(part, ref offset, maxBytes: 2, out var type) || !TryReadVarint(part, ref offset, maxBytes: 4, out var size))
            {
                problems.Add($"the record header at offset {start} is cut short or malformed");
                break;
            }

            if (size > part.Length - offset)
            {
                problems.Add($"the record {type} at offset {start} declares {size} bytes, {part.Length - offset} are left");
                break;
            }

            records.Add(new Biff12Record(type, offset, size));
            offset += size;
        }

        return records;
    }

    /// <summary>Up to <paramref name="maxBytes"/> bytes of 7 bits, low bits first.</summary>
    private static bool TryReadVarint(ReadOnlySpan<byte> part, ref int offset, int maxBytes, out int value)
    {
        value = 0;
        for (var i = 0; i < maxBytes; i++)
        {
            if (offset >= part.Length)
            {
                return false;
            }

            var current = part[offset++];
            value |= (current & 0x7F) << (7 * i);
            if ((current & 0x80) == 0)
            {
                return true;
            }
        }

        return false;
    }
}

/// <param name="Offset">Where the record's body starts in the part.</param>
public readonly record struct Biff12Record(int Type, int Offset, int Length);
