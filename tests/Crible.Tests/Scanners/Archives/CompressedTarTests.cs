using Crible.Model;

namespace Crible.Tests.Scanners.Archives;

/// <summary>Compressed tars from libarchive's tests: the compressor yields the tar, the tar its members.</summary>
public sealed class CompressedTarTests
{
    [Theory]
    [InlineData("libarchive/test/test_compat_gzip_1.tgz", "gzip")]
    [InlineData("libarchive/test/test_compat_bzip2_1.tbz", "bzip2")]
    [InlineData("libarchive/test/test_compat_xz_1.txz", "xz")]
    [InlineData("libarchive/test/test_compat_lzma_1.tlz", "lzma")]
    [InlineData("libarchive/test/test_compat_lzma_3.tlz", "lzma")]
    [InlineData("libarchive/test/test_compat_lzip_1.tlz", "lzip")]
    [InlineData("libarchive/test/test_compat_zstd_1.tar.zst", "zstd")]
    [InlineData("libarchive/test/test_compat_zstd_2.tar.zst", "zstd")]
    [InlineData("libarchive/test/test_compat_lz4_1.tar.lz4", "lz4")]
    [InlineData("libarchive/test/test_compat_lz4_3.tar.lz4", "lz4")]
    [InlineData("libarchive/test/test_compat_lz4_B7BD.tar.lz4", "lz4")]
    [InlineData("libarchive/test/test_compat_lz4_skippable_frames_B4.tar.lz4", "lz4")]
    [InlineData("libarchive/test/test_compat_mac-1.tar.Z", "compress")]
    public async Task The_compressor_yields_a_tar_whose_members_are_extracted(string path, string kind)
    {
        var report = await TestEngine.Default.AnalyseFileAsync(TestPaths.Corpus("libarchive-testfiles", path));

        Assert.Equal(kind, report.File.Kind);
        var tar = Assert.Single(report.Nodes, n => n.Parent == 0);
        Assert.Equal("tar", tar.Kind);
        Assert.Equal(Relation.Extracted, tar.Relation);
        Assert.Contains(report.Nodes, n => n.Depth == 2);
        Assert.All(report.Nodes, n => Assert.Empty(n.Incomplete));
    }
}
