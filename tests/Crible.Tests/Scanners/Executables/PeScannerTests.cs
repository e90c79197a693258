using Crible.Model;

namespace Crible.Tests.Scanners.Executables;

public sealed class PeScannerTests
{
    [Theory]
    [InlineData("clam-aspack.exe", "ASPack")]
    [InlineData("clam-mew.exe", "MEW")]
    [InlineData("clam-petite.exe", "Petite")]
    [InlineData("clam-pespin.exe", "PESpin")]
    [InlineData("clam-upack.exe", "Upack")]
    [InlineData("clam-upx.exe", "UPX")]
    [InlineData("clam-wwpack.exe", "WWPack32")]
    [InlineData("clam-yc.exe", "yoda's Crypter (yC)")]
    public async Task A_packed_clam_program_is_identified_with_its_packer(string name, string packer)
    {
        var report = await TestEngine.Default.AnalyseFileAsync(TestPaths.ClamAvTestFile(name));

        var root = report.Nodes[0];
        var finding = Assert.Single(root.Findings, f => f.Scanner == "pe" && f.Id == "packer" && f.Title == $"Packed with {packer}");
        Assert.Equal(Severity.Suspicious, finding.Severity);
        Assert.Contains("T1027.002", finding.Attack);
    }

    [Fact]
    public async Task The_nsis_clam_program_is_identified_as_an_nsis_installer()
    {
        var report = await TestEngine.Default.AnalyseFileAsync(TestPaths.ClamAvTestFile("clam-nsis.exe"));

        Assert.Contains(report.Nodes[0].Findings, f => f.Scanner == "pe" && f.Id == "installer" && f.Title == "NSIS installer" && f.Severity == Severity.Info);
    }

    [Fact]
    public async Task The_clam_program_carried_in_a_section_is_emitted_and_found_by_its_hash()
    {
        var report = await TestEngine.Default.AnalyseFileAsync(TestPaths.ClamAvTestFile("clam-fsg.exe"));

        var carried = Assert.Single(report.Nodes, n => n.Name == "section-pe@0x17e0");
        Assert.Equal(Relation.Embedded, carried.Relation);
        Assert.Contains(carried.Findings, f => f.Scanner == "hashlist" && f.Severity == Severity.Malicious);
        Assert.Equal(Verdict.Malicious, report.Verdict);
    }

    [Fact]
    public async Task A_benign_program_reports_its_headers_sections_and_imports_and_stays_clean()
    {
        var report = await TestEngine.Default.AnalyseFileAsync(TestPaths.Corpus("strelka-fixtures", "test.exe"));

        Assert.Equal(Verdict.Clean, report.Verdict);
        var findings = report.Nodes[0].Findings.Where(f => f.Scanner == "pe").ToList();
        Assert.Contains(findings, f => f.Id == "pe-header" && f.Evidence!.Contains("program", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.Id == "sections" && f.Evidence!.Contains("entropy", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.Id == "dotnet" && f.Evidence!.StartsWith("HelloWorld, Version=1.0.0.0", StringComparison.Ordinal));
        Assert.DoesNotContain(findings, f => f.Severity == Severity.Malicious);
    }
}
