using System.Security.Cryptography;
using System.Text;
using Crible.Model;

namespace Crible.Tests.Scanners.Carving;

public sealed class CarvingTests
{
    private static readonly byte[] Program = File.ReadAllBytes(Strelka("test.exe"));
    private static readonly string ProgramSha256 = Convert.ToHexStringLower(SHA256.HashData(Program));

    [Theory]
    [InlineData("test_pe_overlay.jpg")]
    [InlineData("test_pe_overlay.png")]
    [InlineData("test_pe_overlay.bmp")]
    public async Task A_program_appended_to_an_image_is_carved_and_suspicious(string name)
    {
        var report = await TestEngine.Default.AnalyseFileAsync(Strelka(name));

        var program = Assert.Single(report.Nodes, n => n.Parent == 0);
        Assert.Equal("pe", program.Kind);
        Assert.Equal(Relation.Embedded, program.Relation);
        Assert.StartsWith("overlay@0x", program.Name, StringComparison.Ordinal);
        Assert.Contains(report.Nodes[0].Findings, f => f.Scanner == "overlay" && f.Severity == Severity.Suspicious);
    }

    [Fact]
    public async Task A_zip_in_a_program_overlay_is_extracted_with_an_informational_finding()
    {
        var report = await TestEngine.Default.AnalyseFileAsync(Strelka("test_overlay_zip.exe"));

        Assert.Equal(Verdict.Clean, report.Verdict);
        var overlay = Assert.Single(report.Nodes, n => n.Name == "overlay@0x1000");
        Assert.Equal("zip", overlay.Kind);
        Assert.Equal(4, report.Nodes.Count(n => n.Path.StartsWith("test_overlay_zip.exe/overlay@0x1000/", StringComparison.Ordinal)));
        Assert.Contains(report.Nodes[0].Findings, f => f.Id == "appended-archive" && f.Severity == Severity.Info);
    }

    [Theory]
    [InlineData("test.gif")]
    [InlineData("test.pdf")]
    [InlineData("test_qr.png")]
    [InlineData("test.jpg")]
    public async Task A_program_appended_to_an_image_or_a_document_comes_out_at_its_offset(string host)
    {
        var bytes = await File.ReadAllBytesAsync(Strelka(host));

        var report = await TestEngine.Default.AnalyseAsync([.. bytes, .. Program], host);

        var program = Assert.Single(report.Nodes, n => n.Sha256 == ProgramSha256);
        Assert.Equal($"overlay@0x{bytes.Length:x}", program.Name);
    }

    [Fact]
    public async Task An_archive_appended_to_an_image_is_extracted()
    {
        var image = await File.ReadAllBytesAsync(Strelka("test_qr.png"));
        var archive = TestZip.Create(("notes.txt", Encoding.ASCII.GetBytes("appended after IEND\n")));

        var report = await TestEngine.Default.AnalyseAsync([.. image, .. archive], "qr.png");

        Assert.Contains(report.Nodes, n => n.Path == $"qr.png/overlay@0x{image.Length:x}/notes.txt");
        Assert.Contains(report.Nodes[0].Findings, f => f.Id == "appended-archive" && f.Severity == Severity.Info);
    }

    [Fact]
    public async Task A_program_hidden_inside_unidentified_data_is_cut_at_the_end_of_its_image()
    {
        var noise = RandomNumberGenerator.GetBytes(8192);
        noise[0] = 0xFE;
        byte[] blob = [.. noise[..4096], .. Program, .. noise[4096..]];

        var report = await TestEngine.Default.AnalyseAsync(blob, "blob.bin");

        var program = Assert.Single(report.Nodes, n => n.Parent == 0);
        Assert.Equal("carved-pe@0x1000", program.Name);
        Assert.Equal(ProgramSha256, program.Sha256);
        Assert.Contains(report.Nodes[0].Findings, f => f.Scanner == "embedded-pe" && f.Severity == Severity.Suspicious);
    }

    [Theory]
    [InlineData("test.exe")]
    [InlineData("test.jpg")]
    [InlineData("test.png")]
    [InlineData("test.gif")]
    [InlineData("test_text.jpg")]
    [InlineData("test_broken_iend.png")]
    [InlineData("test_embed_rar.jpg")]
    public async Task Ordinary_programs_and_images_give_no_carved_file(string name)
    {
        var report = await TestEngine.Default.AnalyseFileAsync(Strelka(name));

        Assert.DoesNotContain(report.Nodes, n => n.Name.StartsWith("overlay@", StringComparison.Ordinal) || n.Name.StartsWith("carved-pe@", StringComparison.Ordinal));
        Assert.Equal(Verdict.Clean, report.Verdict);
    }

    [Fact]
    public async Task The_archive_of_a_self_extracting_elf_is_extracted_from_its_overlay()
    {
        var report = await TestEngine.Default.AnalyseFileAsync(TestPaths.Corpus("libarchive-testfiles", "libarchive/test/test_read_format_7zip_sfx_elf.elf"));

        var archive = Assert.Single(report.Nodes, n => n.Parent == 0);
        Assert.Equal("7z", archive.Kind);
        Assert.StartsWith("overlay@0x", archive.Name, StringComparison.Ordinal);
        Assert.Contains(report.Nodes, n => n.Parent == 1);
        Assert.Contains(report.Nodes[0].Findings, f => f.Id == "appended-archive" && f.Severity == Severity.Info);
    }

    [Fact]
    public async Task A_zip_appended_to_a_linux_program_comes_out_at_the_end_of_its_image()
    {
        var program = await File.ReadAllBytesAsync("/usr/bin/true");
        var archive = TestZip.Create(("payload.txt", Encoding.ASCII.GetBytes("after the ELF image\n")));

        var report = await TestEngine.Default.AnalyseAsync([.. program, .. archive], "true");

        Assert.Contains(report.Nodes, n => n.Path == $"true/overlay@0x{program.Length:x}/payload.txt");
    }

    [Theory]
    [InlineData("/usr/bin/true")]
    [InlineData("/usr/bin/7zz")]
    [InlineData("/usr/lib/x86_64-linux-gnu/libc.so.6")]
    public async Task Ordinary_linux_programs_have_no_overlay(string path)
    {
        var report = await TestEngine.Default.AnalyseFileAsync(path);

        Assert.Equal("elf", report.File.Kind);
        Assert.DoesNotContain(report.Nodes, n => n.Name.StartsWith("overlay@", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Too_many_candidates_stop_the_search_with_a_reason()
    {
        var blob = new byte[1 + (4 * 110_000)];
        blob[0] = 0xFE;
        for (var at = 1; at + 4 <= blob.Length; at += 4)
        {
            ((ReadOnlySpan<byte>)[(byte)'M', (byte)'Z', 0xFF, 0xFF]).CopyTo(blob.AsSpan(at));
        }

        var report = await TestEngine.Default.AnalyseAsync(blob, "many.bin");

        Assert.Single(report.Nodes);
        Assert.Contains(report.Nodes[0].Incomplete, r => r.StartsWith("embedded-pe: stopped after", StringComparison.Ordinal));
    }

    private static string Strelka(string name) => TestPaths.Corpus("strelka-fixtures", name);
}
