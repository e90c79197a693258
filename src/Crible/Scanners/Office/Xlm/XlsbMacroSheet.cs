using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Crible.Scanners.Office.Xlm;

/// <summary>
/// Reads the formulas of an XLSB macro sheet part (<c>xl/macrosheets/*.bin</c>, MS-XLSB 2.1.7.32): the formula cells
/// (BrtFmlaString, BrtFmlaNum, BrtFmlaBool, BrtFmlaError) under their row (BrtRowHdr), and the shared and array
/// formulas (BrtShrFmla, BrtArrFmla) with the range they cover. Each formula's tokens go through
/// <see cref="XlsbFormula"/>; a damaged record is skipped and reported.
/// </summary>
public static class XlsbMacroSheet
{
    private const int RowRecord = 0;
    private const int StringFormulaRecord = 8;
    private const int NumberFormulaRecord = 9;
    private const int BooleanFormulaRecord = 10;
    private const int ErrorFormulaRecord = 11;
    private const int ArrayFormulaRecord = 426;
    private const int SharedFormulaRecord = 427;

    public static List<XlsbCellFormula> Read(ReadOnlySpan<byte> part, IReadOnlyList<string> names, int maxCells, List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(problems);
        var cells = new List<XlsbCellFormula>();
        uint row = 0;
        foreach (var record in Biff12Records.Read(part, problems))
        {
            if (cells.Count >= maxCells)
            {
                problems.Add($"more than {maxCells} formulas; the rest were not read");
                break;
            }

            var reader = new SpanReader(part.Slice(record.Offset, record.Length));
            try
            {
                switch (record.Type)
                {
                    case RowRecord:
                        row = reader.ReadUInt32();
                        break;
                    case StringFormulaRecord or NumberFormulaRecord or BooleanFormulaRecord or ErrorFormulaRecord:
                        var column = reader.ReadUInt32();
                        reader.Skip(4);
                        SkipValue(ref reader, record.Type);
                        reader.Skip(2);
                        Add(cells, CellName(row, column), ref reader, names);
                        break;
                    case SharedFormulaRecord or ArrayFormulaRecord:
                        var range = reader.ReadBytes(16);
                        reader.Skip(record.Type == ArrayFormulaRecord ? 1 : 0);
                        Add(cells, RangeName(range), ref reader, names);
                        break;
                }
            }
            catch (InvalidDataException exception)
            {
                problems.Add($"a damaged formula record {record.Type} at offset {record.Offset} ({exception.Message})");
            }
        }

        return cells;
    }

    /// <summary>A1-style column letters (0 is A, 16383 is XFD).</summary>
    public static string ColumnName(long column)
    {
        var letters = new StringBuilder();
        for (var rest = column + 1; rest > 0 && letters.Length < 8; rest = (rest - 1) / 26)
        {
            letters.Insert(0, (char)('A' + ((rest - 1) % 26)));
        }

        return letters.ToString();
    }

    private static void SkipValue(ref SpanReader reader, int type)
    {
        switch (type)
        {
            case StringFormulaRecord:
                XlsbWorkbook.WideString(ref reader);
                break;
            case NumberFormulaRecord:
                reader.Skip(8);
                break;
            default:
                reader.Skip(1);
                break;
        }
    }

    /// <summary>CellParsedFormula and its kin: a 4-byte token length, the tokens, then extra data (not needed here).</summary>
    private static void Add(List<XlsbCellFormula> cells, string reference, ref SpanReader reader, IReadOnlyList<string> names)
    {
        var length = reader.ReadLength32();
        var tokens = reader.ReadBytes(length);
        if (tokens.Length > 0 && tokens[0] == 0x01)
        {
            return; // a cell of a shared or array formula: its tokens are in the BrtShrFmla / BrtArrFmla read on its own
        }

        cells.Add(new XlsbCellFormula(reference, XlsbFormula.Read(tokens, names)));
    }

    private static string CellName(uint row, uint column) => ColumnName(column) + (row + 1L).ToString(CultureInfo.InvariantCulture);

    private static string RangeName(ReadOnlySpan<byte> range)
    {
        var first = CellName(BinaryPrimitives.ReadUInt32LittleEndian(range), BinaryPrimitives.ReadUInt32LittleEndian(range[8..]));
        var last = CellName(BinaryPrimitives.ReadUInt32LittleEndian(range[4..]), BinaryPrimitives.ReadUInt32LittleEndian(range[12..]));
        return first == last ? first : $"{first}:{last}";
    }
}

/// <summary>One formula of a macro sheet: its cell (or range, for shared and array formulas) and what it holds.</summary>
public sealed record XlsbCellFormula(string Reference, XlsbFormulaText Formula);
