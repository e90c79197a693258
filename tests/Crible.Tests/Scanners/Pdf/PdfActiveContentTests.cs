using System.Text;
using Crible.Model;

namespace Crible.Tests.Scanners.Pdf;

/// <summary>PDFs built by the tests; the scripts are inert text that only look like exploits.</summary>
public sealed class PdfActiveContentTests
{
    private static readonly byte[] Program = File.ReadAllBytes(TestPaths.Corpus("strelka-fixtures", "test.exe"));

    private static List<Finding> PdfFindings(Report report) => [.. report.Nodes[0].Findings.Where(f => f.Scanner == "pdf")];

    [Fact]
    public async Task An_opening_script_that_sprays_the_heap_is_malicious()
    {
        var spray = string.Concat(Enumerable.Repeat("%u9090", 40));
        var script = $"var sc = unescape('{spray}'); var block = sc; while (block.length < 0x40000) block += block;";
        var pdf = TestPdf.WithPage("/OpenAction 4 0 R").Indirect(4, $"<< /Type /Action /S /JavaScript /JS ({script}) >>").Build();

        var report = await TestEngine.Default.AnalyseAsync(pdf, "spray.pdf");

        Assert.Equal(Verdict.Malicious, report.Verdict);
        Assert.Contains(PdfFindings(report), f => f.Id == "javascript-heap-spray" && f.Attack.Contains("T1203"));
        Assert.Contains(PdfFindings(report), f => f.Id == "javascript-autorun");
        Assert.Single(report.Nodes, n => n.Name == "obj4.js");
    }

    [Fact]
    public async Task Obfuscated_names_and_an_exploit_api_are_reported()
    {
        var pdf = TestPdf.WithPage("/OpenAction 4 0 R")
            .Indirect(4, "<< /Type /Action /S /J#61vaScript /J#53 (var x = util.printf('%45000f', 1.1); Collab.getIcon('a');) >>").Build();

        var report = await TestEngine.Default.AnalyseAsync(pdf, "obf.pdf");

        Assert.Contains(PdfFindings(report), f => f.Id == "name-obfuscation" && f.Evidence!.Contains("/J#61vaScript = /JavaScript", StringComparison.Ordinal));
        var exploit = Assert.Single(PdfFindings(report), f => f.Id == "javascript-exploit-api");
        Assert.Equal(Severity.Malicious, exploit.Severity);
        Assert.Contains("Collab.getIcon", exploit.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_opening_script_that_builds_code_is_malicious_but_a_click_script_is_only_suspicious()
    {
        var opening = TestPdf.WithPage("/Names << /JavaScript << /Names [(a) 4 0 R] >> >>")
            .Indirect(4, "<< /S /JavaScript /JS (var c = 'app.alert(1)'; eval\\(c\\);) >>").Build();
        var onClick = TestPdf.WithPage()
            .Indirect(4, "<< /Type /Annot /Subtype /Link /A << /S /JavaScript /JS (var c = 'app.alert(1)'; eval\\(c\\);) >> >>").Build();

        var openingReport = await TestEngine.Default.AnalyseAsync(opening, "open.pdf");
        var clickReport = await TestEngine.Default.AnalyseAsync(onClick, "click.pdf");

        Assert.Contains(PdfFindings(openingReport), f => f.Id == "javascript-autorun-dynamic-code" && f.Severity == Severity.Malicious);
        Assert.Contains(PdfFindings(clickReport), f => f.Id == "javascript-dynamic-code" && f.Severity == Severity.Suspicious);
        Assert.DoesNotContain(PdfFindings(clickReport), f => f.Severity == Severity.Malicious);
    }

    [Fact]
    public async Task Launching_a_shell_is_malicious_and_its_command_an_indicator()
    {
        var pdf = TestPdf.WithPage("/OpenAction 4 0 R")
            .Indirect(4, "<< /Type /Action /S /Launch /Win << /F (cmd.exe) /P (/c start calc.exe) >> >>").Build();

        var report = await TestEngine.Default.AnalyseAsync(pdf, "launch.pdf");

        var launch = Assert.Single(PdfFindings(report), f => f.Id == "launch-program");
        Assert.Equal(Severity.Malicious, launch.Severity);
        Assert.Contains("T1204.002", launch.Attack);
        Assert.Contains(report.Iocs, i => i.Kind == IndicatorKind.Command && i.Value == "cmd.exe /c start calc.exe");
    }

    [Fact]
    public async Task An_attached_program_opened_by_a_script_is_malicious()
    {
        var pdf = TestPdf.WithPage("/Names << /EmbeddedFiles << /Names [(setup) 5 0 R] >> >> /OpenAction 4 0 R")
            .Indirect(4, "<< /S /JavaScript /JS (this.exportDataObject\\({ cName: 'setup.exe', nLaunch: 2 }\\);) >>")
            .Indirect(5, "<< /Type /Filespec /F (setup.exe) /EF << /F 6 0 R >> >>")
            .Stream(6, "/Type /EmbeddedFile", Program)
            .Build();

        var report = await TestEngine.Default.AnalyseAsync(pdf, "attached.pdf");

        Assert.Contains(PdfFindings(report), f => f.Id == "launches-embedded-program" && f.Evidence!.Contains("setup.exe", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Links_and_form_targets_are_indicators_and_information_only()
    {
        var pdf = TestPdf.WithPage()
            .Indirect(4, "<< /Type /Annot /Subtype /Link /A << /S /URI /URI (https://docs.example.org/help) >> >>")
            .Indirect(5, "<< /Type /Annot /Subtype /Widget /A << /S /SubmitForm /F << /FS /URL /F (https://forms.example.org/submit) >> >> >>")
            .Build();

        var report = await TestEngine.Default.AnalyseAsync(pdf, "links.pdf");

        Assert.Contains(report.Iocs, i => i.Kind == IndicatorKind.Url && i.Value == "https://docs.example.org/help");
        Assert.Contains(report.Iocs, i => i.Kind == IndicatorKind.Url && i.Value == "https://forms.example.org/submit");
        Assert.All(PdfFindings(report), f => Assert.Equal(Severity.Info, f.Severity));
        Assert.Equal(Verdict.Clean, report.Verdict);
    }

    [Fact]
    public async Task A_form_with_a_calculation_script_is_not_malicious()
    {
        var pdf = TestPdf.WithPage("/AcroForm << /Fields [4 0 R] >>")
            .Indirect(4, "<< /FT /Tx /T (total) /AA << /C << /S /JavaScript /JS (event.value = this.getField\\('price'\\).value * this.getField\\('qty'\\).value;) >> >> >>")
            .Build();

        var report = await TestEngine.Default.AnalyseAsync(pdf, "order-form.pdf");

        Assert.Contains(PdfFindings(report), f => f.Id == "acroform");
        Assert.DoesNotContain(PdfFindings(report), f => f.Id == "javascript-autorun");
        Assert.DoesNotContain(report.AllFindings, f => f.Finding.Severity == Severity.Malicious);
    }

    [Fact]
    public async Task Incremental_updates_are_counted()
    {
        var first = TestPdf.WithPage().Build();
        var update = Encoding.Latin1.GetBytes("4 0 obj\n<< /Type /Annot /Subtype /Text >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n");

        var report = await TestEngine.Default.AnalyseAsync([.. first, .. update], "updated.pdf");

        Assert.Contains(PdfFindings(report), f => f.Id == "incremental-updates" && f.Evidence!.StartsWith("2 revisions", StringComparison.Ordinal));
    }
}
