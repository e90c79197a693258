using Crible.Model;
using Crible.Tests.Scanners.Installers;

namespace Crible.Tests.Scanners.Office;

/// <summary>ClamAV's recursion test for the containers this family opens: clam.exe must be a node of each.</summary>
public sealed class ClamAvOfficeContainerTests
{
    [Theory]
    [InlineData("clam.ole.doc")]
    [InlineData("clam.ppt")]
    [InlineData("clam.exe.rtf")]
    [InlineData("clam.sis")]
    public async Task The_ClamAV_test_program_is_a_node_of(string container)
    {
        var report = await InstallersTestEngine.Default.AnalyseFileAsync(TestPaths.ClamAvTestFile(container));

        Assert.Contains(report.Nodes, n => n.Sha256 == OfficeTestFiles.ClamExeSha256);
        Assert.Equal(Verdict.Malicious, report.Verdict);
    }
}
