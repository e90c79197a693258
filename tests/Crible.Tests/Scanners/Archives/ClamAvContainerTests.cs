using Crible.Model;

namespace Crible.Tests.Scanners.Archives;

/// <summary>ClamAV's own recursion test: its harmless test program hidden in one container of each format.</summary>
public sealed class ClamAvContainerTests
{
    private const string ClamExeSha256 = "71e7b604d18aefd839e51a39c88df8383bb4c071dc31f87f00a2b5df580d4495";

    [Theory]
    [InlineData("clam.7z")]
    [InlineData("clam.bin-be.cpio")]
    [InlineData("clam.bin-le.cpio")]
    [InlineData("clam.newc.cpio")]
    [InlineData("clam.odc.cpio")]
    [InlineData("clam.bz2.zip")]
    [InlineData("clam.d64.zip")]
    [InlineData("clam.impl.zip")]
    [InlineData("clam.exe.bz2")]
    [InlineData("clam.exe.szdd")]
    [InlineData("clam.tar.gz")]
    [InlineData("clam.zip")]
    public async Task The_ClamAV_test_program_is_extracted_from(string name)
    {
        var report = await TestEngine.Default.AnalyseFileAsync(TestPaths.ClamAvTestFile(name));

        var member = Assert.Single(report.Nodes, n => n.Sha256 == ClamExeSha256 && n.DuplicateOf is null);
        Assert.Equal(Relation.Extracted, member.Relation);
        Assert.Equal(Verdict.Malicious, report.Verdict);
        Assert.DoesNotContain(report.Nodes, n => n.Incomplete.Count > 0);
    }

    /// <summary>clam_cache_emax.tgz nests seven .tgz in each other: gzip and tar are two levels each, so clam.exe
    /// sits at depth 16, the default depth limit. With a shallower limit that is a recorded limit, never "clean".</summary>
    [Fact]
    public async Task A_program_nested_seven_tarballs_deep_is_found_and_past_a_shallower_limit_is_a_recorded_limit()
    {
        var path = TestPaths.ClamAvTestFile("clam_cache_emax.tgz");

        var deep = await TestEngine.Default.AnalyseFileAsync(path);
        var shallow = await TestEngine.WithLimits(new Limits { MaxDepth = 12 }).AnalyseFileAsync(path);

        var member = Assert.Single(deep.Nodes, n => n.Sha256 == ClamExeSha256);
        Assert.Equal(Relation.Extracted, member.Relation);
        Assert.Equal(16, member.Depth);
        Assert.Equal(Verdict.Malicious, deep.Verdict);
        Assert.Equal(Verdict.Unanalysable, shallow.Verdict);
        Assert.Contains(shallow.LimitsHit, l => l.Limit == "depth");
    }
}
