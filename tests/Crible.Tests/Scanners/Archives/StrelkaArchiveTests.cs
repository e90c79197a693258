using Crible.Model;

namespace Crible.Tests.Scanners.Archives;

/// <summary>Strelka's archive fixtures, with the member counts its own tests assert.</summary>
public sealed class StrelkaArchiveTests
{
    private const string LoremSha256 = "7ac19ffb133c7359";

    [Theory]
    [InlineData("test.7z", 4)]
    [InlineData("test.rar", 3)]
    [InlineData("test.tar", 4)]
    [InlineData("test.gz", 1)]
    [InlineData("test.bz2", 1)]
    [InlineData("test.xz", 1)]
    [InlineData("test.cpio", 1)]
    [InlineData("test.deb", 3)]
    public async Task Every_member_of_the_fixture_is_extracted(string name, int members)
    {
        var report = await TestEngine.Default.AnalyseFileAsync(TestPaths.Corpus("strelka-fixtures", name));

        Assert.Equal(Verdict.Clean, report.Verdict);
        Assert.Equal(members, report.Nodes.Count(n => n.Parent == 0));
        Assert.All(report.Nodes.Where(n => n.Parent == 0), n => Assert.Equal(Relation.Extracted, n.Relation));
        Assert.All(report.Nodes, n => Assert.Empty(n.Incomplete));
    }

    [Theory]
    [InlineData("test_password.7z", 4)]
    [InlineData("test_password_filenames.7z", 4)]
    [InlineData("test_password.rar", 3)]
    [InlineData("test_password_encrypted_headers.rar", 3)]
    [InlineData("test_password_mixed_encrypted_headers.rar", 3)]
    public async Task An_encrypted_fixture_opens_with_password_from_the_default_list(string name, int members)
    {
        var report = await TestEngine.Default.AnalyseFileAsync(TestPaths.Corpus("strelka-fixtures", name));

        Assert.Equal(Verdict.Clean, report.Verdict);
        Assert.Equal(members, report.Nodes.Count(n => n.Parent == 0));
        Assert.All(report.Nodes.Where(n => n.Parent == 0), n => Assert.StartsWith(LoremSha256, n.Sha256, StringComparison.Ordinal));
        Assert.Contains(report.Nodes[0].Findings, f => f.Id == "password" && f.Evidence == "'password'");
    }

    [Theory]
    [InlineData("test_password_filenames.7z")]
    [InlineData("test_password_encrypted_headers.rar")]
    public async Task Encrypted_file_names_without_a_known_password_are_unanalysable_as_encrypted(string name)
    {
        var report = await TestEngine.WithLimits(new Limits(), passwords: ["infected"]).AnalyseFileAsync(TestPaths.Corpus("strelka-fixtures", name));

        Assert.Equal(Verdict.Unanalysable, report.Verdict);
        Assert.Single(report.Nodes);
        Assert.Contains(report.Nodes[0].Incomplete, r => r.StartsWith("encrypted:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_7z_whose_password_is_not_known_is_unanalysable_as_encrypted()
    {
        var report = await TestEngine.Default.AnalyseFileAsync(TestPaths.Corpus("strelka-fixtures", "test_password_brute.7z"));

        Assert.Equal(Verdict.Unanalysable, report.Verdict);
        Assert.Contains(report.Nodes[0].Incomplete, r => r.StartsWith("encrypted:", StringComparison.Ordinal));
    }
}
