using Crible.Model;

namespace Crible.Tests.Scanners.Archives;

public sealed class ZipScannerTests
{
    private const string ClamExeSha256 = "71e7b604d18aefd839e51a39c88df8383bb4c071dc31f87f00a2b5df580d4495";

    [Fact]
    public async Task The_ClamAV_test_program_is_found_inside_clam_zip()
    {
        var report = await TestEngine.Default.AnalyseFileAsync(TestPaths.ClamAvTestFile("clam.zip"));

        Assert.Equal(Verdict.Malicious, report.Verdict);
        var member = Assert.Single(report.Nodes, n => n.Sha256 == ClamExeSha256);
        Assert.Equal(Relation.Extracted, member.Relation);
        Assert.Equal("clam.zip/clam.exe", member.Path);
        Assert.Equal(0, member.Parent);
        Assert.Contains(member.Findings, f => f.Severity == Severity.Malicious && f.Scanner == "hashlist");
    }

    [Theory]
    [InlineData("eicar.com")]
    [InlineData("eicar.com.txt")]
    [InlineData("eicar_com.zip")]
    [InlineData("eicarcom2.zip")]
    public async Task Every_EICAR_file_of_the_corpus_is_detected(string name)
    {
        var report = await TestEngine.Default.AnalyseFileAsync(TestPaths.Corpus("eicar", name));

        Assert.Equal(Verdict.Malicious, report.Verdict);
    }

    [Fact]
    public async Task An_AES_encrypted_archive_opens_with_a_password_from_the_default_list()
    {
        var report = await TestEngine.WithLimits(new Limits(), ["password"]).AnalyseFileAsync(TestPaths.Corpus("strelka-fixtures", "test_aes256_password.zip"));

        Assert.Equal(Verdict.Clean, report.Verdict);
        Assert.True(report.Nodes.Count > 1);
        Assert.Contains(report.Nodes[0].Findings, f => f.Id == "password" && f.Evidence == "'password'");
    }

    [Fact]
    public async Task A_ZipCrypto_archive_opens_with_a_password_given_with_the_request()
    {
        var analyser = TestEngine.WithLimits(new Limits(), passwords: []);
        var path = TestPaths.Corpus("strelka-fixtures", "test_zip_password.zip");

        var without = await analyser.AnalyseFileAsync(path);
        using var data = SampleData.FromFile(path);
        var with = await analyser.AnalyseAsync(data, "test_zip_password.zip", ["password"]);

        Assert.Equal(Verdict.Unanalysable, without.Verdict);
        Assert.Contains(without.Nodes[0].Incomplete, r => r.StartsWith("encrypted:", StringComparison.Ordinal));
        Assert.Equal(Verdict.Clean, with.Verdict);
        Assert.True(with.Nodes.Count > 1);
    }

    [Fact]
    public async Task A_truncated_archive_is_unanalysable_with_a_reason_and_no_crash()
    {
        var whole = await File.ReadAllBytesAsync(TestPaths.Corpus("strelka-fixtures", "test.zip"));
        foreach (var length in new[] { 4, 30, whole.Length / 2, whole.Length - 10 })
        {
            var report = await TestEngine.Default.AnalyseAsync(whole[..length], "cut.zip");

            Assert.Equal(Verdict.Unanalysable, report.Verdict);
            Assert.Contains(report.Nodes, n => n.Incomplete.Any(r => r.StartsWith("zip:", StringComparison.Ordinal)));
        }
    }
}
