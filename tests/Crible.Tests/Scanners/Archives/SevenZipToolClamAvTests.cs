using Crible.Model;

namespace Crible.Tests.Scanners.Archives;

/// <summary>ClamAV's test program hidden in the containers that 7-Zip (in the sandbox) and the InstallShield
/// readers open, found through the default engine.</summary>
public sealed class SevenZipToolClamAvTests
{
    private const string ClamExeSha256 = "71e7b604d18aefd839e51a39c88df8383bb4c071dc31f87f00a2b5df580d4495";

    [Theory]
    [InlineData("clam.cab")]
    [InlineData("clam.arj")]
    [InlineData("clam.chm")]
    [InlineData("clam-nsis.exe")]
    [InlineData("clam_IScab_ext.exe")]
    [InlineData("clam_IScab_int.exe")]
    [InlineData("clam_ISmsi_ext.exe")]
    [InlineData("clam_ISmsi_int.exe")]
    public async Task The_ClamAV_test_program_is_a_node_of_the_report(string name)
    {
        var report = await TestEngine.Default.AnalyseFileAsync(TestPaths.ClamAvTestFile(name));

        Assert.Equal(Verdict.Malicious, report.Verdict);
        Assert.Contains(report.Nodes, n => n.Sha256 == ClamExeSha256 && n.Depth > 0);
    }

    [Fact]
    public async Task A_cabinet_member_is_extracted_under_its_own_name()
    {
        var report = await TestEngine.Default.AnalyseFileAsync(TestPaths.ClamAvTestFile("clam.cab"));

        var member = Assert.Single(report.Nodes, n => n.Sha256 == ClamExeSha256);
        Assert.Equal("clam.cab/clam.exe", member.Path);
        Assert.Equal(Relation.Extracted, member.Relation);
        Assert.Empty(report.Nodes[0].Incomplete);
    }

    [Fact]
    public async Task A_nullsoft_installer_yields_its_payload_and_nothing_of_the_stub()
    {
        var report = await TestEngine.Default.AnalyseFileAsync(TestPaths.ClamAvTestFile("clam-nsis.exe"));

        var child = Assert.Single(report.Nodes, n => n.Depth == 1);
        Assert.Equal("clam-nsis.exe/clam.exe", child.Path);
    }
}
