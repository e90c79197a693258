using Crible.Identification;
using Crible.Model;
using Crible.Pipeline;
using Crible.Scanners.Signatures.Yara;

namespace Crible.Tests.Scanners.Signatures.Yara;

/// <summary>Helpers the YARA tests share: compile rules that must compile, analyse files as a user would.</summary>
internal static class YaraTestKit
{
    public static YaraRuleSet CompileClean(params YaraSource[] sources)
    {
        var compilation = YaraRuleSet.Compile(sources);
        Assert.Empty(compilation.Errors);
        return compilation.Rules;
    }

    public static YaraRuleSet CompileText(string rules) => CompileClean(YaraSource.FromText("test.yar", rules));

    public static Analyser AnalyserFor(YaraRuleSet rules, Limits? limits = null) =>
        new(FileIdentifier.CreateDefault(), [new YaraScanner(rules)], new AnalysisSettings { Limits = limits ?? new Limits() });

    public static async Task<Report> AnalyseBytesAsync(Analyser analyser, byte[] content, string name)
    {
        using var data = SampleData.FromBytes(content);
        return await analyser.AnalyseAsync(data, name, []);
    }

    public static IReadOnlyList<Finding> YaraFindings(Report report) =>
        report.AllFindings.Where(f => f.Finding.Scanner == "yara").Select(f => f.Finding).ToList();
}
