using Crible.Model;
using Crible.Tests.Scanners.Office;

namespace Crible.Tests.Scanners.Installers;

public sealed class SisScannerTests
{
    [Fact]
    public async Task The_ClamAV_test_program_is_inflated_out_of_clam_sis()
    {
        var report = await InstallersTestEngine.Default.AnalyseFileAsync(TestPaths.ClamAvTestFile("clam.sis"));

        Assert.Equal("sis", report.File.Kind);
        Assert.Equal(Verdict.Malicious, report.Verdict);
        var program = OfficeTestFiles.ClamExeNode(report);
        Assert.Equal("clam.sis/clam.exe", program.Path);
        Assert.Equal(Relation.Extracted, program.Relation);
    }

    [Fact]
    public async Task A_truncated_installation_file_says_what_is_missing()
    {
        var whole = File.ReadAllBytes(TestPaths.ClamAvTestFile("clam.sis"));
        var analyser = InstallersTestEngine.Default;
        foreach (var length in new[] { 20, 60, 120, 400, whole.Length - 50 })
        {
            var report = await analyser.AnalyseAsync(whole[..length], "cut.sis");

            Assert.Equal(Verdict.Unanalysable, report.Verdict);
            Assert.Contains(report.Nodes[0].Incomplete, r => r.StartsWith("sis:", StringComparison.Ordinal));
        }
    }
}
