using System.Security.Cryptography;
using System.Text;
using Crible.Model;

namespace Crible.Tests.Scanners.Pdf;

public sealed class PdfScannerTests
{
    private static readonly byte[] Program = File.ReadAllBytes(TestPaths.Corpus("strelka-fixtures", "test.exe"));

    [Fact]
    public async Task An_attached_file_is_emitted_under_the_name_its_file_specification_gives()
    {
        var pdf = TestPdf.WithPage("/Names << /EmbeddedFiles << /Names [(setup) 4 0 R] >> >>")
            .Indirect(4, "<< /Type /Filespec /F (setup.exe) /UF (setup.exe) /EF << /F 5 0 R >> >>")
            .Stream(5, "/Type /EmbeddedFile /Filter /FlateDecode", TestPdf.Deflate(Program))
            .Build();

        var report = await TestEngine.Default.AnalyseAsync(pdf, "invoice.pdf");

        var attached = Assert.Single(report.Nodes, n => n.Sha256 == Sha256(Program));
        Assert.Equal("invoice.pdf/setup.exe", attached.Path);
        Assert.Equal(Relation.Embedded, attached.Relation);
        Assert.Empty(report.Nodes[0].Incomplete);
    }

    [Fact]
    public async Task JavaScript_in_actions_is_emitted_from_strings_and_streams()
    {
        const string inline = "app.alert('inline');";
        const string streamed = "var x = util.printf('%45000f', 1); app.launchURL('https://example.invalid/');";
        var pdf = TestPdf.WithPage("/OpenAction 4 0 R /Names << /JavaScript << /Names [(js) 5 0 R] >> >>")
            .Indirect(4, $"<< /Type /Action /S /JavaScript /JS ({inline}) >>")
            .Indirect(5, "<< /S /JavaScript /JS 6 0 R >>")
            .Stream(6, "/Filter /FlateDecode", TestPdf.Deflate(Encoding.ASCII.GetBytes(streamed)))
            .Build();

        var report = await TestEngine.Default.AnalyseAsync(pdf, "form.pdf");

        Assert.Equal(Sha256(Encoding.ASCII.GetBytes(inline)), Assert.Single(report.Nodes, n => n.Name == "obj4.js").Sha256);
        Assert.Equal(Sha256(Encoding.ASCII.GetBytes(streamed)), Assert.Single(report.Nodes, n => n.Name == "obj6.js").Sha256);
        Assert.Contains(report.Nodes[0].Findings, f => f.Scanner == "pdf" && f.Id == "javascript");
    }

    [Fact]
    public async Task A_stream_behind_a_chain_of_filters_that_holds_an_archive_is_emitted()
    {
        var archive = TestZip.Create(("inner.txt", Encoding.ASCII.GetBytes("hidden in a content stream\n")));
        var pdf = TestPdf.WithPage()
            .Stream(4, "/Filter [/ASCIIHexDecode /FlateDecode]", TestPdf.Hex(TestPdf.Deflate(archive)))
            .Build();

        var report = await TestEngine.Default.AnalyseAsync(pdf, "doc.pdf");

        var found = Assert.Single(report.Nodes, n => n.Sha256 == Sha256(archive));
        Assert.Equal("obj4.zip", found.Name);
        Assert.Contains(report.Nodes, n => n.Path == "doc.pdf/obj4.zip/inner.txt");
    }

    [Fact]
    public async Task Objects_inside_an_object_stream_are_read()
    {
        var specification = "<< /Type /Filespec /F (payload.exe) /EF << /F 6 0 R >> >>";
        var objects = Encoding.ASCII.GetBytes($"5 0 {specification}");
        var pdf = TestPdf.WithPage("/Names << /EmbeddedFiles << /Names [(p) 5 0 R] >> >>")
            .Stream(4, "/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode", TestPdf.Deflate(objects))
            .Stream(6, "/Type /EmbeddedFile", Program)
            .Build();

        var report = await TestEngine.Default.AnalyseAsync(pdf, "packed.pdf");

        Assert.Equal("packed.pdf/payload.exe", Assert.Single(report.Nodes, n => n.Sha256 == Sha256(Program)).Path);
    }

    [Fact]
    public async Task A_wrong_stream_length_falls_back_to_the_endstream_keyword()
    {
        var pdf = Encoding.Latin1.GetString(TestPdf.WithPage()
            .Indirect(4, "<< /Type /Filespec /F (a.exe) /EF << /F 5 0 R >> >>")
            .Stream(5, "/Type /EmbeddedFile", Program)
            .Build());
        var broken = Encoding.Latin1.GetBytes(pdf.Replace($"/Length {Program.Length}", "/Length 999999999", StringComparison.Ordinal));

        var report = await TestEngine.Default.AnalyseAsync(broken, "broken.pdf");

        Assert.Contains(report.Nodes, n => n.Sha256 == Sha256(Program));
    }

    [Fact]
    public async Task A_compressed_bomb_in_an_attachment_hits_the_ratio_limit()
    {
        var pdf = TestPdf.WithPage()
            .Indirect(4, "<< /Type /Filespec /F (zeros.bin) /EF << /F 5 0 R >> >>")
            .Stream(5, "/Type /EmbeddedFile /Filter /FlateDecode", TestPdf.Deflate(new byte[4 << 20]))
            .Build();

        var report = await TestEngine.Default.AnalyseAsync(pdf, "bomb.pdf");

        Assert.Equal(Verdict.Unanalysable, report.Verdict);
        Assert.Contains(report.LimitsHit, l => l.Limit == "ratio");
    }

    [Fact]
    public async Task A_damaged_compressed_attachment_is_emitted_as_far_as_it_decodes_and_reported()
    {
        var compressed = TestPdf.Deflate(Program);
        var pdf = TestPdf.WithPage()
            .Indirect(4, "<< /Type /Filespec /F (cut.exe) /EF << /F 5 0 R >> >>")
            .Stream(5, "/Type /EmbeddedFile /Filter /FlateDecode", compressed[..(compressed.Length / 2)])
            .Build();

        var report = await TestEngine.Default.AnalyseAsync(pdf, "cut.pdf");

        Assert.Equal(Verdict.Unanalysable, report.Verdict);
        Assert.Contains(report.Nodes, n => n.Name == "cut.exe");
        Assert.Contains(report.Nodes[0].Incomplete, r => r.StartsWith("pdf:", StringComparison.Ordinal) && r.Contains("cut.exe", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Strelka_test_document_is_clean_and_fully_seen()
    {
        var report = await TestEngine.Default.AnalyseFileAsync(TestPaths.Corpus("strelka-fixtures", "test.pdf"));

        Assert.Equal(Verdict.Clean, report.Verdict);
        Assert.All(report.Nodes, n => Assert.Empty(n.Incomplete));
    }

    [Theory]
    [InlineData("test.pdf")]
    [InlineData("clam.pdf")]
    public async Task Truncated_documents_never_make_the_scanner_fail(string name)
    {
        var path = name == "clam.pdf" ? TestPaths.ClamAvTestFile(name) : TestPaths.Corpus("strelka-fixtures", name);
        if (!File.Exists(path))
        {
            return;
        }

        var whole = await File.ReadAllBytesAsync(path);
        for (var length = 9; length < whole.Length; length += Math.Max(1, whole.Length / 37))
        {
            var report = await TestEngine.Default.AnalyseAsync(whole[..length], name);

            Assert.DoesNotContain(report.Nodes, n => n.Incomplete.Any(r => r.Contains("failed", StringComparison.Ordinal)));
        }
    }

    private static string Sha256(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));
}
