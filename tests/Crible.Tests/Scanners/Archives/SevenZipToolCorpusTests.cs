using Crible.Model;

namespace Crible.Tests.Scanners.Archives;

/// <summary>Strelka's fixtures for the formats 7-Zip opens in the sandbox, with the members their labels note.</summary>
public sealed class SevenZipToolCorpusTests
{
    [Theory]
    [InlineData("test.iso", "lorem.txt")]
    [InlineData("test_udf_1.50.img", "lorem.txt")]
    [InlineData("test.xar", "lorem.txt")]
    [InlineData("test_lzx.cab", "lorem.txt", "hidden/lorem.txt", "hidden/lorem-hidden.txt", "hidden/lorem-readonly.txt")]
    [InlineData("test_zip.cab", "lorem.txt", "hidden/lorem.txt", "hidden/lorem-hidden.txt", "hidden/lorem-readonly.txt")]
    [InlineData("test.onepkg", "Open Notebook.onetoc2", "docx.one", "exe.one", "text.one")]
    public async Task The_members_of_a_fixture_are_extracted_and_it_is_clean(string fixture, params string[] members)
    {
        var report = await TestEngine.Default.AnalyseFileAsync(TestPaths.Corpus("strelka-fixtures", fixture));

        Assert.Equal(Verdict.Clean, report.Verdict);
        var children = report.Nodes.Where(n => n.Depth == 1).Select(n => n.Name).ToList();
        Assert.Equal(members.Order(StringComparer.Ordinal), children.Where(members.Contains).Order(StringComparer.Ordinal));
        Assert.All(report.Nodes.Where(n => n.Depth == 1), n => Assert.Equal(Relation.Extracted, n.Relation));
    }

    [Fact]
    public async Task An_MSI_package_gives_its_streams_and_the_three_files_of_its_cabinet()
    {
        var report = await TestEngine.Default.AnalyseFileAsync(TestPaths.Corpus("strelka-fixtures", "test.msi"));

        Assert.Equal(Verdict.Clean, report.Verdict);
        var cabinet = Assert.Single(report.Nodes, n => n.Path == "test.msi/cab1.cab");
        Assert.Equal("cab", cabinet.Kind);
        var files = report.Nodes.Where(n => n.Depth == 2 && n.Path.StartsWith("test.msi/cab1.cab/", StringComparison.Ordinal)).Select(n => n.Name);
        Assert.Equal(["lorem.txt", "loremhidden.txt", "loremreadonly.txt"], files.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("test.dmg")]
    [InlineData("test_readonly.dmg")]
    public async Task An_Apple_disk_image_gives_the_files_of_its_file_system(string fixture)
    {
        var report = await TestEngine.Default.AnalyseFileAsync(TestPaths.Corpus("strelka-fixtures", fixture));

        Assert.Equal(Verdict.Clean, report.Verdict);
        Assert.Contains(report.Nodes, n => n.Name.EndsWith("Install Flash Player/Install Flash Player", StringComparison.Ordinal) && n.Kind == "macho");
        Assert.Contains(report.Nodes, n => n.Name.EndsWith(".background.png", StringComparison.Ordinal) && n.Kind == "png");
    }

    [Theory]
    [InlineData("test_read_format_cab_lzx_invalid_history.cab")]
    [InlineData("test_read_format_cab_lzx_oob.cab")]
    [InlineData("test_read_format_cab_skip_malformed.cab")]
    [InlineData("test_fuzz.cab")]
    [InlineData("test_fuzz.lzh")]
    [InlineData("test_read_format_iso_joliet_utf16be_overflow.iso")]
    [InlineData("test_read_format_iso_rockridge_zf_overflow.iso")]
    [InlineData("test_read_format_iso_zisofs_overflow.iso")]
    [InlineData("test_read_format_xar_base64_oob.xar")]
    public async Task A_malformed_archive_gives_a_report_and_never_a_crash(string fixture)
    {
        var report = await TestEngine.Default.AnalyseFileAsync(TestPaths.Corpus("libarchive-testfiles", "libarchive", "test", fixture));

        Assert.NotEqual(Verdict.Malicious, report.Verdict);
        Assert.DoesNotContain(report.Nodes.SelectMany(n => n.Incomplete), r => r.Contains("failed:", StringComparison.Ordinal));
    }
}
