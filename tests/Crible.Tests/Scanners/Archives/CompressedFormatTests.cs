using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Crible.Identification;
using Crible.Model;

namespace Crible.Tests.Scanners.Archives;

/// <summary>Single-stream compressors and stored-member archives, on files the tests build.</summary>
public sealed class CompressedFormatTests
{
    private static readonly byte[] Text = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("the quick brown fox jumps over the lazy dog\n", 200)));

    [Fact]
    public async Task A_gzip_member_is_named_after_the_name_in_its_header()
    {
        var report = await TestEngine.Default.AnalyseAsync(GzipWithName(Text, "dir/original.txt"), "renamed.bin");

        var member = Assert.Single(report.Nodes, n => n.Parent == 0);
        Assert.Equal("original.txt", member.Name);
        Assert.Equal(Relation.Extracted, member.Relation);
        Assert.Equal(Text.Length, member.Size);
    }

    [Fact]
    public async Task Concatenated_gzip_members_decode_as_one_stream_named_after_the_file()
    {
        var gzip = TestTar.Gzip(Text).Concat(TestTar.Gzip(Text)).ToArray();

        var report = await TestEngine.Default.AnalyseAsync(gzip, "twice.txt.gz");

        var member = Assert.Single(report.Nodes, n => n.Parent == 0);
        Assert.Equal("twice.txt", member.Name);
        Assert.Equal(2 * Text.Length, member.Size);
        Assert.Equal(Verdict.Clean, report.Verdict);
    }

    [Fact]
    public async Task A_truncated_gzip_yields_what_it_holds_and_says_why_it_is_incomplete()
    {
        var random = new byte[256 * 1024];
        new Random(7).NextBytes(random);
        var gzip = TestTar.Gzip(random);

        var report = await TestEngine.Default.AnalyseAsync(gzip[..(gzip.Length / 2)], "cut.bin.gz");

        Assert.Equal(Verdict.Unanalysable, report.Verdict);
        var member = Assert.Single(report.Nodes, n => n.Parent == 0);
        Assert.InRange(member.Size, 1, random.Length - 1);
        Assert.Contains(report.Nodes[0].Incomplete, r => r.StartsWith("gzip: the compressed data breaks off", StringComparison.Ordinal) && r.Contains("trailer", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_debian_style_ar_with_GNU_long_names_yields_every_member()
    {
        var ar = TestAr.Gnu(("debian-binary", "2.0\n"u8.ToArray()), ("a-rather-long-member-name.tar.gz", TestTar.Gzip(TestTar.Create(("hello.txt", Text)))));

        var report = await TestEngine.Default.AnalyseAsync(ar, "package.deb");

        Assert.Equal("ar", report.File.Kind);
        Assert.Equal(["debian-binary", "a-rather-long-member-name.tar.gz"], report.Nodes.Where(n => n.Parent == 0).Select(n => n.Name));
        Assert.Contains(report.Nodes, n => n.Name == "hello.txt" && n.Depth == 3);
        Assert.All(report.Nodes, n => Assert.Empty(n.Incomplete));
    }

    [Fact]
    public async Task An_ar_with_BSD_long_names_yields_every_member()
    {
        var ar = TestAr.Bsd(("first-long-object-name.o", Text), ("odd", "x"u8.ToArray()));

        var report = await TestEngine.Default.AnalyseAsync(ar, "libthing.a");

        var members = report.Nodes.Where(n => n.Parent == 0).ToList();
        Assert.Equal(["first-long-object-name.o", "odd"], members.Select(n => n.Name));
        Assert.Equal([Text.Length, 1L], members.Select(n => n.Size));
    }

    [Fact]
    public async Task An_ar_member_claiming_more_than_the_file_holds_is_cut_and_explained()
    {
        var ar = TestAr.Gnu(("big.bin", Text));

        var report = await TestEngine.Default.AnalyseAsync(ar[..^100], "cut.a");

        Assert.Equal(Verdict.Unanalysable, report.Verdict);
        Assert.Contains(report.Nodes[0].Incomplete, r => r.StartsWith("ar: member big.bin is truncated", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_lzma_header_asking_for_a_3_GiB_dictionary_is_refused_before_decoding()
    {
        byte[] lzma = [0x5D, 0x00, 0x00, 0x00, 0xC0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x10, 0x20, 0x30];

        var report = await TestEngine.Default.AnalyseAsync(lzma, "huge.lzma");

        Assert.Equal(FileKinds.Lzma.Name, report.File.Kind);
        Assert.Contains(report.Nodes[0].Incomplete, r => r.Contains("dictionary", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_xz_block_asking_for_a_4_GiB_dictionary_is_refused_before_decoding()
    {
        var xz = await File.ReadAllBytesAsync(TestPaths.Corpus("libarchive-testfiles", "libarchive/test/test_compat_xz_1.txz"));
        Assert.Equal([0x21, 0x01], xz[14..16]); // the first block's LZMA2 filter and its one property byte
        xz[16] = 40;

        var report = await TestEngine.Default.AnalyseAsync(xz, "huge.txz");

        Assert.Equal("xz", report.File.Kind);
        Assert.Single(report.Nodes);
        Assert.Contains(report.Nodes[0].Incomplete, r => r.StartsWith("xz: the stream asks for a 4294967295 byte dictionary", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_szdd_file_gets_back_the_last_character_of_its_name()
    {
        var szdd = await File.ReadAllBytesAsync(TestPaths.ClamAvTestFile("clam.exe.szdd"));
        szdd[9] = (byte)'E'; // COMPRESS.EXE -r keeps the character its "_" replaced here; this file left it out

        var report = await TestEngine.Default.AnalyseAsync(szdd, "CLAM.EX_");

        Assert.Equal("CLAM.EXE", Assert.Single(report.Nodes, n => n.Parent == 0).Name);
    }

    /// <summary>A gzip member with the FNAME field, written by hand (.NET's writer never stores a name).</summary>
    private static byte[] GzipWithName(byte[] content, string name)
    {
        using var output = new MemoryStream();
        output.Write([0x1F, 0x8B, 8, 0x08, 0, 0, 0, 0, 0, 3]);
        output.Write(Encoding.Latin1.GetBytes(name + "\0"));
        using (var deflate = new DeflateStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            deflate.Write(content);
        }

        Span<byte> trailer = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(trailer, Crc32.Compute(content));
        BinaryPrimitives.WriteUInt32LittleEndian(trailer[4..], (uint)content.Length);
        output.Write(trailer);
        return output.ToArray();
    }
}
