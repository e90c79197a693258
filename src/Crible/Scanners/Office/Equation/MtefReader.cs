using System.Buffers.Binary;
using System.Text;

namespace Crible.Scanners.Office.Equation;

/// <summary>
/// Walks the records of an Equation Editor 3.x equation (MTEF v3) far enough to see its FONT records, whose names
/// the editor copies into fixed stack buffers (CVE-2017-11882, CVE-2018-0802). The data is an "Equation Native"
/// stream (a 28-byte EQNOLEFILEHDR, then MTEF) or an \u0001Ole10Native one (a 32-bit size first). Records are read
/// in sequence: object lists are just records up to an END, so no nesting has to be followed. The walk stops at
/// the first record it cannot read, saying why; it never reads past the data and reads at most
/// <see cref="MaxRecords"/> records.
/// </summary>
public static class MtefReader
{
    public const int MaxRecords = 100_000;
    public const int MaxFonts = 64;
    private const int EquationNativeHeaderLength = 28;
    private const int NativeSizeLength = 4;
    private const int HeaderLength = 5;
    private const int Version3 = 3;
    private const int PreviewLength = 48;

    // Record options (the tag's high nibble).
    private const int OptionNudge = 0x08;

    /// <summary>Reads an Equation Native or \u0001Ole10Native stream; null when it holds no MTEF data.</summary>
    public static MtefRecords? ReadStream(ReadOnlySpan<byte> stream)
    {
        foreach (var start in new[] { 0, NativeSizeLength })
        {
            if (MtefStart(stream, start) is { } mtef)
            {
                return Read(stream, mtef);
            }
        }

        return null;
    }

    /// <summary>Where the MTEF data starts when an EQNOLEFILEHDR or the MTEF header itself is at
    /// <paramref name="start"/>.</summary>
    private static int? MtefStart(ReadOnlySpan<byte> stream, int start)
    {
        if (stream.Length < start + HeaderLength)
        {
            return null;
        }

        if (stream.Length >= start + EquationNativeHeaderLength
            && BinaryPrimitives.ReadUInt16LittleEndian(stream[start..]) == EquationNativeHeaderLength
            && LooksLikeHeader(stream[(start + EquationNativeHeaderLength)..]))
        {
            return start + EquationNativeHeaderLength;
        }

        return LooksLikeHeader(stream[start..]) ? start : null;
    }

    /// <summary>MTEF v2-v5 header: version, platform (0 Mac, 1 Windows), product (0 MathType, 1 Equation Editor).</summary>
    private static bool LooksLikeHeader(ReadOnlySpan<byte> data) =>
        data.Length >= HeaderLength && data[0] is >= 2 and <= 5 && data[1] <= 1 && data[2] <= 1;

    /// <summary>Reads the MTEF data that starts at <paramref name="start"/> of <paramref name="data"/>; offsets in the
    /// result count from the start of <paramref name="data"/>.</summary>
    public static MtefRecords Read(ReadOnlySpan<byte> data, int start)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        if (data.Length < start + HeaderLength)
        {
            return new MtefRecords(0, [], "no MTEF header");
        }

        var version = data[start];
        if (version != Version3)
        {
            return new MtefRecords(version, [], $"MTEF version {version} is not Equation Editor 3.x's");
        }

        var fonts = new List<MtefFont>();
        var position = start + HeaderLength;
        for (var records = 0; position < data.Length; records++)
        {
            if (records == MaxRecords || fonts.Count == MaxFonts)
            {
                return new MtefRecords(version, fonts, $"stopped after {records} records");
            }

            var tag = position;
            var type = data[position] & 0x0F;
            var options = data[position] >> 4;
            position++;
            int? next = type switch
            {
                0 or >= 10 and <= 14 => position,
                1 => Nudge(data, position, options) is { } p ? p + ((options & 0x04) != 0 ? 2 : 0) : null,
                2 => Nudge(data, position, options) + 3,
                3 => Nudge(data, position, options) + 3,
                4 => Nudge(data, position, options) + 2,
                5 => Matrix(data, Nudge(data, position, options)),
                6 => Nudge(data, position, options) + 1,
                7 => position < data.Length ? position + 1 + (data[position] * 3) : null,
                8 => Font(data, tag, position, fonts),
                9 => Size(data, position),
                _ => null,
            };
            if (next is null || next > data.Length)
            {
                var problem = next is null ? $"record type {type} at offset {tag} not understood" : $"record at offset {tag} runs past the end";
                return new MtefRecords(version, fonts, type is 8 ? null : problem);
            }

            position = next.Value;
        }

        return new MtefRecords(version, fonts, null);
    }

    /// <summary>A nudge (present when the record says so): two offset bytes, or 128, 128 then two 16-bit values.</summary>
    private static int? Nudge(ReadOnlySpan<byte> data, int position, int options)
    {
        if ((options & OptionNudge) == 0)
        {
            return position;
        }

        if (position + 2 > data.Length)
        {
            return null;
        }

        return data[position] == 128 && data[position + 1] == 128 ? position + 6 : position + 2;
    }

    /// <summary>MATRIX: vertical alignment, two justifications, rows, columns, then the row and column partition
    /// lines (two bits per line, one more line than rows or columns).</summary>
    private static int? Matrix(ReadOnlySpan<byte> data, int? position)
    {
        if (position is not { } p || p + 5 > data.Length)
        {
            return null;
        }

        var rows = data[p + 3];
        var columns = data[p + 4];
        return p + 5 + PartitionBytes(rows) + PartitionBytes(columns);
    }

    private static int PartitionBytes(int count) => (((count + 1) * 2) + 7) / 8;

    /// <summary>SIZE: a typesize and a delta, or 101 then an explicit point size, or 100 then a typesize and a
    /// 16-bit delta.</summary>
    private static int? Size(ReadOnlySpan<byte> data, int position)
    {
        if (position >= data.Length)
        {
            return null;
        }

        return data[position] switch
        {
            101 => position + 3,
            100 => position + 4,
            _ => position + 2,
        };
    }

    /// <summary>FONT: typeface, style, then the name up to its terminating zero; the name is what overflows.</summary>
    private static int? Font(ReadOnlySpan<byte> data, int tag, int position, List<MtefFont> fonts)
    {
        var nameStart = position + 2;
        if (nameStart > data.Length)
        {
            return null;
        }

        var rest = data[nameStart..];
        var end = rest.IndexOf((byte)0);
        var name = end < 0 ? rest : rest[..end];
        fonts.Add(new MtefFont(tag, name.Length, Preview(name), end >= 0));
        return end < 0 ? null : nameStart + end + 1;
    }

    private static string Preview(ReadOnlySpan<byte> name)
    {
        var builder = new StringBuilder();
        foreach (var b in name[..Math.Min(name.Length, PreviewLength)])
        {
            builder.Append(b is >= 0x20 and < 0x7F ? (char)b : '.');
        }

        return name.Length > PreviewLength ? builder.Append('…').ToString() : builder.ToString();
    }
}
