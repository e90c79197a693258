using Crible.Model;

namespace Crible.Tests.Scanners.Mail;

/// <summary>ClamAV's test program hidden in the containers that are not archives: mail, mail encodings, TNEF, HTML
/// and PDF. Finding it in each is the recursion test ClamAV itself passes.</summary>
public sealed class ClamAvContainerTests
{
    public const string ClamExeSha256 = "71e7b604d18aefd839e51a39c88df8383bb4c071dc31f87f00a2b5df580d4495";

    [Theory]
    [InlineData("clam.mail", Relation.Embedded)]
    [InlineData("clam.exe.mbox.base64", Relation.Embedded)]
    [InlineData("clam.exe.mbox.uu", Relation.Embedded)]
    [InlineData("clam.exe.binhex", Relation.Decoded)]
    [InlineData("clam.tnef", Relation.Embedded)]
    [InlineData("clam.exe.html", Relation.Decoded)]
    [InlineData("clam.pdf", Relation.Embedded)]
    public async Task The_ClamAV_test_program_is_found_inside(string name, Relation relation)
    {
        var path = TestPaths.ClamAvTestFile(name);
        if (!File.Exists(path))
        {
            // Only where the Debian package clamav-testfiles is installed.
            return;
        }

        var report = await TestEngine.Default.AnalyseFileAsync(path);

        Assert.Equal(Verdict.Malicious, report.Verdict);
        var program = Assert.Single(report.Nodes, n => n.Sha256 == ClamExeSha256);
        Assert.Equal(relation, program.Relation);
        Assert.Equal(0, program.Parent);
        Assert.All(report.Nodes, n => Assert.Empty(n.Incomplete));
    }

    [Theory]
    [InlineData("clam.mail", "clam.mail/clam.exe")]
    [InlineData("clam.exe.mbox.uu", "clam.exe.mbox.uu/clam.exe")]
    [InlineData("clam.exe.binhex", "clam.exe.binhex/clam.exe")]
    [InlineData("clam.tnef", "clam.tnef/clam.exe")]
    [InlineData("clam.pdf", "clam.pdf/clam.exe")]
    public async Task The_program_keeps_the_name_its_container_gives_it(string name, string expectedPath)
    {
        var path = TestPaths.ClamAvTestFile(name);
        if (!File.Exists(path))
        {
            return;
        }

        var report = await TestEngine.Default.AnalyseFileAsync(path);

        Assert.Equal(expectedPath, Assert.Single(report.Nodes, n => n.Sha256 == ClamExeSha256).Path);
    }
}
