using Crible.Model;

namespace Crible.Tests.Scanners.Archives;

/// <summary>The InstallShield launchers of ClamAV's test files, read by the managed InstallShield scanner that
/// hands their cabinets and packages to 7-Zip, and what it does with cut or damaged launchers.</summary>
public sealed class SevenZipToolInstallShieldTests
{
    private const string ClamExeSha256 = "71e7b604d18aefd839e51a39c88df8383bb4c071dc31f87f00a2b5df580d4495";

    [Fact]
    public async Task The_files_of_a_setup_launcher_are_embedded_children()
    {
        var report = await TestEngine.Default.AnalyseFileAsync(TestPaths.ClamAvTestFile("clam_IScab_ext.exe"));

        var direct = Assert.Single(report.Nodes, n => n.Sha256 == ClamExeSha256);
        Assert.Equal("clam_IScab_ext.exe/clam.exe", direct.Path);
        Assert.Equal(Relation.Embedded, direct.Relation);
        Assert.Contains(report.Nodes, n => n.Path == "clam_IScab_ext.exe/engine32.cab" && n.Kind == "cab");
    }

    [Fact]
    public async Task An_InstallShield_cabinet_file_is_decompressed_from_the_cabinet_named_by_data1_hdr()
    {
        var report = await TestEngine.Default.AnalyseFileAsync(TestPaths.ClamAvTestFile("clam_IScab_int.exe"));

        var member = Assert.Single(report.Nodes, n => n.Sha256 == ClamExeSha256);
        Assert.Equal("clam_IScab_int.exe/data2.cab/clam.exe", member.Path);
        Assert.Equal(Relation.Extracted, member.Relation);
        Assert.Contains(report.Nodes, n => n.Path == "clam_IScab_int.exe/data1.hdr" && n.Relation == Relation.Embedded);
        Assert.Contains(report.Nodes[0].Findings, f => f.Scanner == "installshield");
    }

    [Fact]
    public async Task The_MSI_inside_an_InstallShield_launcher_is_decoded_then_opened_as_a_package()
    {
        var report = await TestEngine.Default.AnalyseFileAsync(TestPaths.ClamAvTestFile("clam_ISmsi_int.exe"));

        var package = Assert.Single(report.Nodes, n => n.Path == "clam_ISmsi_int.exe/clam.msi");
        Assert.Equal("msi", package.Kind);
        Assert.Contains(report.Nodes, n => n.Sha256 == ClamExeSha256 && n.Path.StartsWith("clam_ISmsi_int.exe/clam.msi/", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("clam_IScab_ext.exe")]
    [InlineData("clam_IScab_int.exe")]
    [InlineData("clam_ISmsi_ext.exe")]
    [InlineData("clam_ISmsi_int.exe")]
    public async Task A_cut_or_damaged_launcher_gives_a_report_and_never_a_scanner_failure(string name)
    {
        var whole = await File.ReadAllBytesAsync(TestPaths.ClamAvTestFile(name));
        var random = new Random(1234);
        var variants = new List<byte[]> { whole[..(115_200 + 30)], whole[..(whole.Length / 2)], whole[..^100] };
        for (var i = 0; i < 3; i++)
        {
            var damaged = (byte[])whole.Clone();
            for (var flip = 0; flip < 200; flip++)
            {
                damaged[random.Next(115_200, damaged.Length)] ^= (byte)random.Next(1, 256);
            }

            variants.Add(damaged);
        }

        foreach (var variant in variants)
        {
            var report = await TestEngine.Default.AnalyseAsync(variant, name);

            Assert.DoesNotContain(report.Nodes.SelectMany(n => n.Incomplete), r => r.Contains(" failed: ", StringComparison.Ordinal));
        }
    }
}
