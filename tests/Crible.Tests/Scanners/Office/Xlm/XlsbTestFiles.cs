using System.Text;

namespace Crible.Tests.Scanners.Office.Xlm;

/// <summary>
/// A small BIFF12 writer (MS-XLSB) for the tests: records with 7-bit type and size encodings, a workbook part with
/// its sheets and defined names, a macro sheet part with formula cells, and the package around them.
/// </summary>
internal static class XlsbTestFiles
{
    private const string ContentTypes = "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"bin\" ContentType=\"application/vnd.ms-excel.sheet.binary.macroEnabled.main\"/><Override PartName=\"/xl/workbook.bin\" ContentType=\"application/vnd.ms-excel.sheet.binary.macroEnabled.main\"/></Types>";
    private const string Relationships = """
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
          <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.bin"/>
          <Relationship Id="rId2" Type="http://schemas.microsoft.com/office/2006/relationships/xlMacrosheet" Target="macrosheets/sheet1.bin"/>
        </Relationships>
        """;

    /// <summary>An .xlsb package: Sheet1 (visible worksheet) and Macro1 (a macro sheet in <paramref name="state"/>: 0 visible, 1 hidden, 2 very hidden).</summary>
    public static byte[] Package(int state, string[] names, params byte[][] cells) => Package(Workbook(state, names), MacroSheet(cells));

    public static byte[] Package(byte[] workbook, byte[] macroSheet) => TestZip.Create(
        ("[Content_Types].xml", Encoding.UTF8.GetBytes(ContentTypes)),
        ("xl/workbook.bin", workbook),
        ("xl/_rels/workbook.bin.rels", Encoding.UTF8.GetBytes(Relationships)),
        ("xl/worksheets/sheet1.bin", MacroSheet()),
        ("xl/macrosheets/sheet1.bin", macroSheet));

    public static byte[] Workbook(int state, params string[] names) =>
    [
        .. Record(131, []), .. Record(143, []),
        .. Record(156, [.. Int(0), .. Int(1), .. WideString("rId1"), .. WideString("Sheet1")]),
        .. Record(156, [.. Int(state), .. Int(2), .. WideString("rId2"), .. WideString("Macro1")]),
        .. Record(144, []),
        .. names.SelectMany(n => Record(39, [.. Int(0x21), 0, .. Int(-1), .. WideString(n), .. Ref3d(0, 0), .. Int(0), .. Int(-1)])),
        .. Record(132, []),
    ];

    /// <summary>A sheet part: its records around one row (row 1) holding <paramref name="cells"/>.</summary>
    public static byte[] MacroSheet(params byte[][] cells) =>
        [.. Record(129, []), .. Record(145, []), .. Record(0, [.. Int(0), .. new byte[13]]), .. cells.SelectMany(c => c), .. Record(146, []), .. Record(130, [])];

    /// <summary>BrtFmlaString: the cell, its cached text, flags, then the formula's tokens.</summary>
    public static byte[] StringFormula(int column, byte[] rgce) => Record(8, [.. Int(column), .. Int(0), .. WideString(string.Empty), 0, 0, .. Int(rgce.Length), .. rgce, .. Int(0)]);

    /// <summary>BrtFmlaNum: the cell, its cached number, flags, then the formula's tokens.</summary>
    public static byte[] NumberFormula(int column, byte[] rgce) => Record(9, [.. Int(column), .. Int(0), .. BitConverter.GetBytes(3.0), 0, 0, .. Int(rgce.Length), .. rgce, .. Int(0)]);

    /// <summary>BrtShrFmla over rows 1 to <paramref name="lastRow"/> of column A.</summary>
    public static byte[] SharedFormula(int lastRow, byte[] rgce) => Record(427, [.. Int(0), .. Int(lastRow - 1), .. Int(0), .. Int(0), .. Int(rgce.Length), .. rgce, .. Int(0)]);

    public static byte[] Record(int type, byte[] body) => [.. Varint(type), .. Varint(body.Length), .. body];

    public static byte[] Str(string text) => [0x17, .. BitConverter.GetBytes((ushort)text.Length), .. Encoding.Unicode.GetBytes(text)];

    public static byte[] Integer(ushort value) => [0x1E, .. BitConverter.GetBytes(value)];

    /// <summary>ptgFuncVarV: argument count, then the function number (with the command bit for macro commands).</summary>
    public static byte[] FuncVar(int arguments, int function, bool command = false) => [0x42, (byte)arguments, .. BitConverter.GetBytes((ushort)(function | (command ? 0x8000 : 0)))];

    public static byte[] Func(int function) => [0x41, .. BitConverter.GetBytes((ushort)function)];

    public static byte[] Area(int firstRow, int lastRow, int column) => [0x25, .. Int(firstRow), .. Int(lastRow), .. BitConverter.GetBytes((ushort)column), .. BitConverter.GetBytes((ushort)column)];

    public static byte[] Concat => [0x08];

    private static byte[] Ref3d(int row, int column) => [.. Int(9), 0x3A, 0, 0, .. Int(row), .. BitConverter.GetBytes((ushort)column)];

    private static byte[] Int(int value) => BitConverter.GetBytes(value);

    private static byte[] WideString(string text) => [.. Int(text.Length), .. Encoding.Unicode.GetBytes(text)];

    private static byte[] Varint(int value)
    {
        var bytes = new List<byte>();
        do
        {
            var low = (byte)(value & 0x7F);
            value >>= 7;
            bytes.Add(value > 0 ? (byte)(low | 0x80) : low);
        }
        while (value > 0);
        return [.. bytes];
    }
}
