using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Crible.Identification;
using Crible.Model;
using MimeKit.Encodings;

namespace Crible.Tests.Scanners.Mail;

public sealed class EncodedTextTests
{
    private static readonly byte[] Payload = [.. Encoding.ASCII.GetBytes("payload carried as text "), .. Enumerable.Range(0, 256).Select(i => (byte)i)];

    [Fact]
    public async Task Uuencoded_blocks_are_decoded_under_their_names()
    {
        var text = "Some news article text.\n\n" + UuBlock("first.bin", Payload) + "\nand another:\n" + UuBlock("second.bin", [.. Payload, .. Payload]);

        var report = await TestEngine.Default.AnalyseAsync(Encoding.ASCII.GetBytes(text), "post.txt");

        Assert.Equal("uuencoded", report.File.Kind);
        Assert.Equal(Sha256(Payload), Assert.Single(report.Nodes, n => n.Name == "first.bin").Sha256);
        Assert.Equal(Sha256([.. Payload, .. Payload]), Assert.Single(report.Nodes, n => n.Name == "second.bin").Sha256);
        Assert.All(report.Nodes, n => Assert.Empty(n.Incomplete));
    }

    [Fact]
    public async Task A_uuencoded_block_without_its_end_line_is_decoded_and_reported_truncated()
    {
        var block = UuBlock("cut.bin", Payload);
        var text = block[..block.IndexOf("`\nend", StringComparison.Ordinal)];

        var report = await TestEngine.Default.AnalyseAsync(Encoding.ASCII.GetBytes(text), "cut.uu");

        Assert.Equal(Verdict.Unanalysable, report.Verdict);
        Assert.Contains(report.Nodes[0].Incomplete, r => r.StartsWith("uudecode:", StringComparison.Ordinal));
        Assert.Contains(report.Nodes, n => n.Name == "cut.bin");
    }

    [Fact]
    public async Task YEnc_parts_with_one_name_are_joined_and_their_CRC_checked()
    {
        var half = Payload.Length / 2;
        var text = YEncPart("joined.bin", Payload, 0, half) + YEncPart("joined.bin", Payload, half, Payload.Length - half);

        var report = await TestEngine.Default.AnalyseAsync(Encoding.Latin1.GetBytes(text), "post.yenc");

        Assert.Equal("yenc", report.File.Kind);
        Assert.Equal(Sha256(Payload), Assert.Single(report.Nodes, n => n.Name == "joined.bin").Sha256);
        Assert.Equal(Verdict.Clean, report.Verdict);
    }

    [Fact]
    public async Task A_BinHex_file_whose_data_fails_its_CRC_is_reported_damaged()
    {
        var path = TestPaths.ClamAvTestFile("clam.exe.binhex");
        if (!File.Exists(path))
        {
            return;
        }

        var text = await File.ReadAllBytesAsync(path);
        var at = Array.IndexOf(text, (byte)'\n', 100) + 20;
        text[at] = text[at] == (byte)'A' ? (byte)'B' : (byte)'A';

        var report = await TestEngine.Default.AnalyseAsync(text, "damaged.hqx");

        Assert.Equal("binhex", report.File.Kind);
        Assert.Contains(report.Nodes[0].Incomplete, r => r.StartsWith("binhex:", StringComparison.Ordinal) && r.Contains("CRC", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_whole_file_of_Base64_that_hides_a_program_gives_the_program()
    {
        var report = await TestEngine.Default.AnalyseFileAsync(TestPaths.Corpus("strelka-fixtures", "test_pe.b64"));

        Assert.Equal("base64", report.File.Kind);
        var program = Assert.Single(report.Nodes, n => n.Kind == "pe");
        Assert.Equal(Relation.Decoded, program.Relation);
        Assert.Equal("f2f667e330da9f190eda77c74781963a0495c3953a653747fe475b99421efdda", program.Sha256);
    }

    [Fact]
    public async Task A_whole_file_of_Base64_text_gives_the_text()
    {
        var report = await TestEngine.Default.AnalyseFileAsync(TestPaths.Corpus("strelka-fixtures", "test.b64"));

        Assert.Equal(Verdict.Clean, report.Verdict);
        Assert.Equal("text", Assert.Single(report.Nodes, n => n.Name == "decoded.txt").Kind);
    }

    [Fact]
    public async Task Base64_of_random_bytes_is_not_emitted()
    {
        var text = Encoding.ASCII.GetBytes(Convert.ToBase64String(RandomNumberGenerator.GetBytes(3000), Base64FormattingOptions.InsertLineBreaks));

        var report = await TestEngine.Default.AnalyseAsync(text, "noise.b64");

        Assert.Equal("base64", report.File.Kind);
        Assert.Single(report.Nodes);
        Assert.Equal(Verdict.Clean, report.Verdict);
    }

    [Fact]
    public async Task A_TNEF_stream_gives_its_attachment_and_bodies()
    {
        var path = TestPaths.ClamAvTestFile("clam.tnef");
        if (!File.Exists(path))
        {
            return;
        }

        var report = await TestEngine.Default.AnalyseFileAsync(path);

        Assert.Equal("tnef", report.File.Kind);
        Assert.Contains(report.Nodes, n => n.Name == "clam.exe" && n.Relation == Relation.Embedded);
        Assert.Contains(report.Nodes, n => n.Name == "body.html" && n.Relation == Relation.Decoded);
    }

    [Fact]
    public async Task A_truncated_TNEF_stream_does_not_make_the_scanner_fail()
    {
        var path = TestPaths.ClamAvTestFile("clam.tnef");
        if (!File.Exists(path))
        {
            return;
        }

        var whole = await File.ReadAllBytesAsync(path);
        foreach (var length in new[] { 8, 100, whole.Length / 2, whole.Length - 3 })
        {
            var report = await TestEngine.Default.AnalyseAsync(whole[..length], "winmail.dat");

            Assert.DoesNotContain(report.Nodes, n => n.Incomplete.Any(r => r.Contains("failed", StringComparison.Ordinal)));
        }
    }

    private static string UuBlock(string name, byte[] content)
    {
        var encoder = new UUEncoder();
        var output = new byte[encoder.EstimateOutputLength(content.Length)];
        var length = encoder.Flush(content, 0, content.Length, output);
        return $"begin 644 {name}\n{Encoding.ASCII.GetString(output, 0, length)}end\n";
    }

    private static string YEncPart(string name, byte[] content, int offset, int count)
    {
        var encoder = new YEncoder(128);
        var output = new byte[encoder.EstimateOutputLength(count)];
        var length = encoder.Flush(content, offset, count, output);
        var crc = Crc32.Compute(content.AsSpan(offset, count)).ToString("x8", CultureInfo.InvariantCulture);
        return $"=ybegin part=1 line=128 size={content.Length} name={name}\n=ypart begin={offset + 1} end={offset + count}\n"
            + Encoding.Latin1.GetString(output, 0, length) + $"\n=yend size={count} part=1 pcrc32={crc}\n";
    }

    private static string Sha256(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));
}
