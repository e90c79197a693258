using System.Buffers.Binary;
using System.Text;

namespace Crible.Scanners.Office.Xlm;

/// <summary>
/// Reads what Excel 4.0 macros need from a BIFF8 Workbook stream (MS-XLS): the sheets (BOUNDSHEET8: name, hidden
/// state, type), the defined names (LBL: Auto_Open, built-in or spelled out), and the formulas of each macro
/// sheet (FORMULA records of its substream). Records are walked with their lengths checked; counts are bounded.
/// </summary>
public static class BiffWorkbook
{
    private const int MaxRecords = 1_000_000;
    private const int MaxFormulas = 100_000;
    private const ushort FormulaRecord = 0x0006;
    private const ushort LabelRecord = 0x0018;
    private const ushort BoundSheetRecord = 0x0085;
    private const ushort EofRecord = 0x000A;

    public static BiffMacroInfo Read(ReadOnlySpan<byte> workbook)
    {
        var sheets = new List<BiffSheet>();
        var names = new List<BiffName>();
        var problems = new List<string>();
        foreach (var (type, offset, length) in Records(workbook, 0, problems, stopAtEof: true))
        {
            if (type == BoundSheetRecord && length >= 8)
            {
                var position = BinaryPrimitives.ReadUInt32LittleEndian(workbook.Slice(offset + 4));
                var state = (BiffSheetState)(workbook[offset + 8] & 0x03);
                var sheetType = workbook[offset + 9];
                sheets.Add(new BiffSheet(ShortString(workbook.Slice(offset + 10, length - 6)), state, sheetType == 0x01, (int)Math.Min(position, int.MaxValue), []));
            }
            else if (type == LabelRecord && length >= 15)
            {
                names.Add(Name(workbook.Slice(offset + 4, length)));
            }
        }

        for (var i = 0; i < sheets.Count; i++)
        {
            if (sheets[i].IsMacroSheet)
            {
                sheets[i] = sheets[i] with { Formulas = Formulas(workbook, sheets[i].Offset, problems) };
            }
        }

        return new BiffMacroInfo(sheets, names, problems);
    }

    private static List<BiffFormula> Formulas(ReadOnlySpan<byte> workbook, int start, List<string> problems)
    {
        var formulas = new List<BiffFormula>();
        if (start <= 0 || start >= workbook.Length)
        {
            problems.Add($"a macro sheet starts at {start}, outside the workbook stream");
            return formulas;
        }

        foreach (var (type, offset, length) in Records(workbook, start, problems, stopAtEof: true))
        {
            if (type == FormulaRecord && length >= 22 && formulas.Count < MaxFormulas)
            {
                var row = BinaryPrimitives.ReadUInt16LittleEndian(workbook.Slice(offset + 4));
                var column = BinaryPrimitives.ReadUInt16LittleEndian(workbook.Slice(offset + 6));
                var cce = BinaryPrimitives.ReadUInt16LittleEndian(workbook.Slice(offset + 24));
                var tokens = workbook.Slice(offset + 26, Math.Min(cce, length - 22));
                formulas.Add(new BiffFormula(row, column, XlmFormulaTokens.Read(tokens)));
            }
        }

        return formulas;
    }

    /// <summary>The records from <paramref name="start"/>: type, offset of the header, and the body's length.</summary>
    private static List<(ushort Type, int Offset, int Length)> Records(ReadOnlySpan<byte> stream, int start, List<string> problems, bool stopAtEof)
    {
        var records = new List<(ushort, int, int)>();
        var offset = start;
        for (var count = 0; count < MaxRecords && offset + 4 <= stream.Length; count++)
        {
            var type = BinaryPrimitives.ReadUInt16LittleEndian(stream.Slice(offset));
            var length = BinaryPrimitives.ReadUInt16LittleEndian(stream.Slice(offset + 2));
            if (offset + 4 + length > stream.Length)
            {
                problems.Add($"the record 0x{type:X4} at offset {offset} runs past the end of the workbook stream");
                break;
            }

            records.Add((type, offset, length));
            offset += 4 + length;
            if (stopAtEof && type == EofRecord)
            {
                break;
            }
        }

        return records;
    }

    private static BiffName Name(ReadOnlySpan<byte> body)
    {
        var flags = BinaryPrimitives.ReadUInt16LittleEndian(body);
        var length = body[3];
        var builtIn = (flags & 0x0020) != 0;
        var text = UnicodeString(body[14..], length);
        var name = builtIn && text.Length > 0 ? BuiltInName(text[0]) : text;
        return new BiffName(name, builtIn, (flags & 0x0001) != 0);
    }

    private static string BuiltInName(char code) => code switch
    {
        '\u0000' => "Consolidate_Area",
        '\u0001' => "Auto_Open",
        '\u0002' => "Auto_Close",
        '\u0003' => "Extract",
        '\u0004' => "Database",
        '\u0005' => "Criteria",
        '\u0006' => "Print_Area",
        '\u0007' => "Print_Titles",
        '\u000A' => "Auto_Activate",
        '\u000B' => "Auto_Deactivate",
        _ => $"built-in name 0x{(int)code:X2}",
    };

    /// <summary>ShortXLUnicodeString: a count byte, a high-byte flag, then 8-bit or UTF-16 characters.</summary>
    private static string ShortString(ReadOnlySpan<byte> bytes) => bytes.Length < 2 ? string.Empty : UnicodeString(bytes[1..], bytes[0]);

    /// <summary>A high-byte flag then <paramref name="count"/> characters, cut to what the bytes hold.</summary>
    internal static string UnicodeString(ReadOnlySpan<byte> bytes, int count)
    {
        if (bytes.IsEmpty)
        {
            return string.Empty;
        }

        var wide = (bytes[0] & 0x01) != 0;
        var characters = bytes[1..];
        var length = Math.Min(wide ? count * 2 : count, characters.Length & (wide ? ~1 : ~0));
        return wide ? Encoding.Unicode.GetString(characters[..length]) : Encoding.Latin1.GetString(characters[..length]);
    }
}

public enum BiffSheetState
{
    Visible = 0,
    Hidden = 1,
    VeryHidden = 2,
    Unknown = 3,
}

/// <summary>What a workbook holds of Excel 4.0 macros.</summary>
public sealed record BiffMacroInfo(IReadOnlyList<BiffSheet> Sheets, IReadOnlyList<BiffName> Names, IReadOnlyList<string> Problems);

/// <param name="Offset">Where its substream starts in the Workbook stream.</param>
public sealed record BiffSheet(string Name, BiffSheetState State, bool IsMacroSheet, int Offset, IReadOnlyList<BiffFormula> Formulas);

public sealed record BiffName(string Name, bool BuiltIn, bool Hidden);

/// <summary>One formula cell of a macro sheet: the functions it calls and the string constants it holds.</summary>
public sealed record BiffFormula(int Row, int Column, XlmTokens Tokens);
