using System.Text;

namespace Crible.Scanners.Office.Xlm;

/// <summary>
/// Reads what Excel 4.0 macros need from an XLSB workbook part (<c>xl/workbook.bin</c>, MS-XLSB 2.1.7.61): the
/// sheets (BrtBundleSh: hidden state, relationship id, name) and the defined names (BrtName), in the order
/// formulas number them. Each record is read through a bounded reader; a damaged one is skipped and reported.
/// </summary>
public static class XlsbWorkbook
{
    public const int MaxSheets = 4096;
    public const int MaxNames = 65_536;
    private const int BundleSheetRecord = 156;
    private const int NameRecord = 39;

    public static XlsbWorkbookInfo Read(ReadOnlySpan<byte> part)
    {
        var problems = new List<string>();
        var sheets = new List<XlsbSheet>();
        var names = new List<string>();
        foreach (var record in Biff12Records.Read(part, problems))
        {
            var body = part.Slice(record.Offset, record.Length);
            try
            {
                if (record.Type == BundleSheetRecord && sheets.Count < MaxSheets)
                {
                    sheets.Add(Sheet(body));
                }
                else if (record.Type == NameRecord && names.Count < MaxNames)
                {
                    names.Add(Name(body));
                }
            }
            catch (InvalidDataException exception)
            {
                problems.Add($"a damaged record {record.Type} at offset {record.Offset} ({exception.Message})");
            }
        }

        return new XlsbWorkbookInfo(sheets, names, problems);
    }

    private static XlsbSheet Sheet(ReadOnlySpan<byte> body)
    {
        var reader = new SpanReader(body);
        var state = reader.ReadUInt32() switch
        {
            0 => "Visible",
            1 => "Hidden",
            2 => "VeryHidden",
            _ => "Unknown",
        };
        reader.Skip(4);
        var relationship = WideString(ref reader);
        return new XlsbSheet(WideString(ref reader) ?? string.Empty, state, relationship);
    }

    /// <summary>BrtName: flags, a shortcut key, the sheet index, then the name (built-in ones spelled out).</summary>
    private static string Name(ReadOnlySpan<byte> body)
    {
        var reader = new SpanReader(body);
        reader.Skip(4 + 1 + 4);
        return WideString(ref reader) ?? string.Empty;
    }

    /// <summary>XLWideString / XLNullableWideString: a 4-byte character count (all ones: no string), then UTF-16.</summary>
    internal static string? WideString(ref SpanReader reader)
    {
        var count = reader.ReadUInt32();
        if (count == uint.MaxValue)
        {
            return null;
        }

        if (count > (uint)(reader.Remaining / 2))
        {
            throw new InvalidDataException($"a string of {count} characters at offset {reader.Position - 4} runs past the record");
        }

        return Encoding.Unicode.GetString(reader.ReadBytes(count * 2L));
    }
}

/// <summary>The sheets and defined names of an XLSB workbook, and what could not be read.</summary>
public sealed record XlsbWorkbookInfo(IReadOnlyList<XlsbSheet> Sheets, IReadOnlyList<string> Names, IReadOnlyList<string> Problems);

/// <param name="RelationshipId">The id, in <c>xl/_rels/workbook.bin.rels</c>, of the part holding the sheet.</param>
public sealed record XlsbSheet(string Name, string State, string? RelationshipId);
