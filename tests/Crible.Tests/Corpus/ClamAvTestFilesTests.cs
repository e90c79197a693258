using Crible.Model;

namespace Crible.Tests.Corpus;

/// <summary>ClamAV's recursion test: its harmless test program clam.exe hidden in Debian's clamav-testfiles. Every
/// container Crible opens must show clam.exe as a node, and the file must come out malicious.</summary>
public sealed class ClamAvTestFilesTests
{
    private const string ClamExeSha256 = "71e7b604d18aefd839e51a39c88df8383bb4c071dc31f87f00a2b5df580d4495";

    /// <summary>Every file of the package except the nine packed executables that need unpacking (the executables
    /// issue).</summary>
    private static readonly string[] ContainerNames =
    [
        "clam.7z", "clam.arj", "clam.bin-be.cpio", "clam.bin-le.cpio", "clam.bz2.zip", "clam.cab", "clam.chm", "clam.d64.zip",
        "clam.exe", "clam.exe.binhex", "clam.exe.bz2", "clam.exe.html", "clam.exe.mbox.base64", "clam.exe.mbox.uu", "clam.exe.rtf",
        "clam.exe.szdd", "clam.impl.zip", "clam.mail", "clam.newc.cpio", "clam.odc.cpio", "clam.ole.doc", "clam.pdf", "clam.ppt",
        "clam.sis", "clam.tar.gz", "clam.tnef", "clam.zip", "clam_IScab_ext.exe", "clam_IScab_int.exe", "clam_ISmsi_ext.exe",
        "clam_ISmsi_int.exe", "clam_cache_emax.tgz", "clam-nsis.exe", "clam.ea05.exe", "clam.ea06.exe",
    ];

    public static TheoryData<string> Containers() => [.. ContainerNames];

    [Theory]
    [MemberData(nameof(Containers))]
    public async Task The_ClamAV_test_program_is_found_inside(string name)
    {
        var report = await TestEngine.Default.AnalyseFileAsync(TestPaths.ClamAvTestFile(name));

        Assert.Contains(report.Nodes, n => n.Sha256 == ClamExeSha256);
        Assert.Equal(Verdict.Malicious, report.Verdict);
    }

    [Fact]
    public void The_package_holds_the_44_files_this_test_expects()
    {
        var files = Directory.GetFiles("/usr/share/clamav-testfiles").Select(Path.GetFileName).ToList();

        Assert.Equal(44, files.Count);
        Assert.All(ContainerNames, name => Assert.Contains(name, files));
    }
}
