using Crible.Model;

namespace Crible.Tests.Corpus;

/// <summary>Strelka's fixtures labelled suspicious-by-design that the script scanners read are flagged (a finding
/// of at least suspicious severity), without being called malicious: they are ordinary scripts with one trait.</summary>
public sealed class StrelkaSuspiciousTests
{
    [Theory]
    [InlineData("test.bat", "batch-dynamic-command")]
    [InlineData("test.js", "js-dynamic-code")]
    public async Task A_suspicious_by_design_script_is_flagged(string name, string findingId)
    {
        var report = await TestEngine.Default.AnalyseFileAsync(TestPaths.Corpus("strelka-fixtures", name));

        var finding = Assert.Single(report.Nodes[0].Findings, f => f.Scanner == "script" && f.Id == findingId);
        Assert.Equal(Severity.Suspicious, finding.Severity);
        Assert.NotEqual(Verdict.Malicious, report.Verdict);
    }

    [Fact]
    public async Task The_urls_of_the_javascript_fixture_are_indicators()
    {
        var report = await TestEngine.Default.AnalyseFileAsync(TestPaths.Corpus("strelka-fixtures", "test.js"));

        Assert.Contains(report.Iocs, i => i.Kind == IndicatorKind.Url && i.Value == "http://example-malicious-site.com/data");
        Assert.Contains(report.Iocs, i => i.Kind == IndicatorKind.Url && i.Value == "ftp://suspicious-ftp-server.org");
    }

    [Theory]
    [InlineData("test_pe_object.doc")]
    [InlineData("test_pe_object_classic.doc")]
    public async Task A_document_carrying_a_program_as_an_OLE_Package_is_flagged_with_the_program_s_name(string name)
    {
        var report = await TestEngine.Default.AnalyseFileAsync(TestPaths.Corpus("strelka-fixtures", name));

        var package = Assert.Single(report.Nodes.SelectMany(n => n.Findings), f => f.Id == "ole-package");
        Assert.Equal(Severity.Suspicious, package.Severity);
        Assert.Contains("T1204.002", package.Attack);
        Assert.Contains("test.exe", package.Title, StringComparison.Ordinal);
        Assert.EndsWith("test.exe", package.Meta["original_path"], StringComparison.OrdinalIgnoreCase);
    }
}
