using System.Diagnostics;
using Xunit.Abstractions;
using Crible.Model;
using Crible.Scanners.Signatures.Yara;

namespace Crible.Tests.Scanners.Signatures.Yara;

/// <summary>signature-base (~6,000 rules) compiled once for the class, with Crible's own rules beside it.</summary>
public sealed class SignatureBaseFixture : IDisposable
{
    public SignatureBaseFixture()
    {
        var clock = Stopwatch.StartNew();
        Compilation = YaraRuleSet.Compile([.. YaraSource.FromDirectory(TestPaths.Rules("signature-base", "yara")), .. BuiltInRules.Load()]);
        CompileTime = clock.Elapsed;
    }

    public YaraCompilation Compilation { get; }

    public TimeSpan CompileTime { get; }

    public void Dispose() => Compilation.Rules.Dispose();
}

public sealed class SignatureBaseTests(SignatureBaseFixture fixture, ITestOutputHelper output) : IClassFixture<SignatureBaseFixture>
{
    [Fact]
    public void Signature_base_compiles_without_errors()
    {
        output.WriteLine($"compiled {fixture.Compilation.Rules.Rules.Count} rules in {fixture.CompileTime.TotalSeconds:0.00} s, {fixture.Compilation.Warnings.Count} warnings");

        Assert.Empty(fixture.Compilation.Errors);
        Assert.True(fixture.Compilation.Rules.Rules.Count > 5000, $"only {fixture.Compilation.Rules.Rules.Count} rules");
    }

    [Fact]
    public async Task Eicar_is_found_by_both_rule_sets_with_each_rule_author_kept()
    {
        var analyser = YaraTestKit.AnalyserFor(fixture.Compilation.Rules);

        var clock = Stopwatch.StartNew();
        var report = await analyser.AnalyseFileAsync(TestPaths.Corpus("eicar", "eicar.com"));
        output.WriteLine($"analysed eicar.com in {clock.ElapsedMilliseconds} ms");

        Assert.Equal(Verdict.Malicious, report.Verdict);
        var findings = YaraTestKit.YaraFindings(report);
        var own = Assert.Single(findings, f => f.Id == "Crible_EICAR_Test_File");
        Assert.Equal(Severity.Malicious, own.Severity);
        var theirs = Assert.Single(findings, f => f.Id == "SUSP_Just_EICAR");
        Assert.Equal(Severity.Suspicious, theirs.Severity);
        Assert.Equal("Florian Roth (Nextron Systems)", theirs.Meta!["author"]);
        Assert.Equal("gen_suspicious_strings.yar", theirs.Meta["namespace"]);
    }

    [Fact]
    public async Task Benign_document_raises_nothing_malicious()
    {
        var analyser = YaraTestKit.AnalyserFor(fixture.Compilation.Rules);

        var clock = Stopwatch.StartNew();
        var report = await analyser.AnalyseFileAsync(TestPaths.Corpus("strelka-fixtures", "test.pdf"));
        output.WriteLine($"analysed test.pdf (95 KB) in {clock.ElapsedMilliseconds} ms; findings: {string.Join(", ", YaraTestKit.YaraFindings(report).Select(f => f.Id))}");

        Assert.Equal(Verdict.Clean, report.Verdict);
        Assert.Empty(report.Nodes[0].Incomplete);
    }
}
