using Crible.Model;

namespace Crible.Tests.Corpus;

/// <summary>The false-positive guard: Strelka's fixtures labelled benign are ordinary files and must come out clean
/// with Crible's default engines and built-in rules.</summary>
public sealed class StrelkaBenignTests
{
    public static TheoryData<string> BenignFixtures()
    {
        var data = new TheoryData<string>();
        foreach (var line in File.ReadLines(TestPaths.Corpus("strelka-fixtures", "labels.tsv")).Skip(1))
        {
            var columns = line.Split('\t');
            if (columns.Length > 3 && columns[3] == "benign")
            {
                data.Add(columns[0]);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(BenignFixtures))]
    public async Task A_benign_fixture_is_clean(string name)
    {
        var report = await TestEngine.Default.AnalyseFileAsync(TestPaths.Corpus("strelka-fixtures", name));

        var problems = report.Nodes.SelectMany(n => n.Findings.Where(f => f.Severity == Severity.Malicious).Select(f => $"{n.Path}: {f.Scanner} {f.Id}")
            .Concat(n.Incomplete.Select(r => $"{n.Path}: {r}")));
        Assert.True(report.Verdict == Verdict.Clean, $"{name} is {report.Verdict}: {string.Join("; ", problems)}");
    }
}
