using System.Text;
using Crible.Model;
using Crible.Scanners.Office.Msg;
using Crible.Scanners.Office.Ole;

namespace Crible.Tests.Scanners.Office;

public sealed class OutlookMessageScannerTests
{
    private const string Attach = "__attach_version1.0_#0000000";

    [Fact]
    public async Task A_message_gives_its_bodies_attachments_and_attached_message()
    {
        var report = await TestEngine.Default.AnalyseAsync(BuildMessage(), "mail.msg");

        Assert.Equal("msg", report.File.Kind);
        Assert.Equal(Verdict.Malicious, report.Verdict);
        Assert.Equal("mail.msg/clam.exe", OfficeTestFiles.ClamExeNode(report).Path);
        var body = Assert.Single(report.Nodes, n => n.Path == "mail.msg/body.txt");
        Assert.Equal(Relation.Decoded, body.Relation);
        Assert.Equal("html", Assert.Single(report.Nodes, n => n.Path == "mail.msg/body.html").Kind);
        Assert.Equal("rtf", Assert.Single(report.Nodes, n => n.Path == "mail.msg/body.rtf").Kind);
        var forwarded = Assert.Single(report.Nodes, n => n.Path == "mail.msg/Forwarded.msg");
        Assert.Equal("msg", forwarded.Kind);
        Assert.Equal(Relation.Embedded, forwarded.Relation);
        Assert.Contains(report.Nodes, n => n.Path == "mail.msg/Forwarded.msg/inner.txt");
        var summary = Assert.Single(report.Nodes[0].Findings, f => f.Id == "outlook-message");
        Assert.Equal("Invoice 42", summary.Meta["subject"]);
        Assert.Equal("billing@example.test", summary.Meta["sender_address"]);
        Assert.Contains(report.Nodes[0].Findings, f => f.Id == "attachment-by-reference" && f.Evidence == @"\\server\share\tool.exe");
        Assert.All(report.Nodes, n => Assert.Empty(n.Incomplete));
    }

    [Fact]
    public void A_copied_attached_message_gets_the_top_level_property_header()
    {
        using var file = CompoundFile.Open(BuildMessage());
        var storage = file.Find(Attach + "1", "__substg1.0_3701000D")!;

        var copy = StorageCopier.Copy(file, storage, long.MaxValue, asMessage: true, out var complete);

        Assert.True(complete);
        using var standalone = CompoundFile.Open(copy!);
        Assert.Equal(32, standalone.Find("__properties_version1.0")!.Size);
        Assert.Equal("inner text"u8.ToArray(), standalone.ReadStream(standalone.Find(Attach + "0", "__substg1.0_37010102")!, 100, out _));
    }

    [Fact]
    public void Compressed_RTF_references_the_preset_dictionary()
    {
        // One run: a reference to the first 6 bytes of the preset text, then the end marker at the write position.
        byte[] compressed = [.. Header(6, 5, 0x75465A4C), 0x03, 0x00, 0x04, 0x0D, 0x50];

        var rtf = CompressedRtf.Decompress(compressed, 1000, out var problem);

        Assert.Null(problem);
        Assert.Equal(@"{\rtf1", Encoding.ASCII.GetString(rtf));
    }

    [Fact]
    public void Damaged_compressed_RTF_gives_what_it_holds_and_says_why()
    {
        var whole = CompressLiterals(@"{\rtf1 hello}"u8.ToArray());

        var rtf = CompressedRtf.Decompress(whole.AsSpan(0, whole.Length - 5), 1000, out var problem);

        Assert.StartsWith(@"{\rtf1", Encoding.ASCII.GetString(rtf), StringComparison.Ordinal);
        Assert.Contains("of the declared 13 bytes", problem, StringComparison.Ordinal);
    }

    /// <summary>A message with a subject, sender, three bodies, an attached program, an attached message (holding
    /// a text file) and an attachment by reference.</summary>
    private static byte[] BuildMessage()
    {
        var builder = new CompoundFileBuilder { RootClsid = new Guid("00020D0B-0000-0000-C000-000000000046") };
        builder.AddStream("__properties_version1.0", new byte[32]);
        builder.AddStorage(["__nameid_version1.0"]);
        builder.AddStream("__substg1.0_0037001F", Encoding.Unicode.GetBytes("Invoice 42"));
        builder.AddStream("__substg1.0_0C1F001F", Encoding.Unicode.GetBytes("billing@example.test"));
        builder.AddStream("__substg1.0_1000001F", Encoding.Unicode.GetBytes("Please open the attachment."));
        builder.AddStream("__substg1.0_10130102", "<html><body><p>Please open the attachment.</p></body></html>"u8.ToArray());
        builder.AddStream("__substg1.0_10090102", CompressLiterals(@"{\rtf1\ansi Please open the attachment.\par}"u8.ToArray()));
        builder.AddStream(Attach + "0/__substg1.0_3707001F", Encoding.Unicode.GetBytes("clam.exe"));
        builder.AddStream(Attach + "0/__substg1.0_37010102", OfficeTestFiles.ClamExe);
        builder.AddStream(Attach + "1/__substg1.0_3001001F", Encoding.Unicode.GetBytes("Forwarded"));
        builder.AddStream(Attach + "1/__substg1.0_3701000D/__properties_version1.0", new byte[24]);
        builder.AddStream(Attach + "1/__substg1.0_3701000D/__substg1.0_0037001F", Encoding.Unicode.GetBytes("Forwarded"));
        builder.AddStream(Attach + "1/__substg1.0_3701000D/" + Attach + "0/__substg1.0_3704001E", "inner.txt"u8.ToArray());
        builder.AddStream(Attach + "1/__substg1.0_3701000D/" + Attach + "0/__substg1.0_37010102", "inner text"u8.ToArray());
        builder.AddStream(Attach + "2/__substg1.0_3707001F", Encoding.Unicode.GetBytes("tool.exe"));
        builder.AddStream(Attach + "2/__substg1.0_3708001F", Encoding.Unicode.GetBytes(@"\\server\share\tool.exe"));
        return builder.ToArray();
    }

    /// <summary>LZFu with literals only: runs of eight literal tokens, then the end reference.</summary>
    private static byte[] CompressLiterals(byte[] raw)
    {
        var content = new List<byte>();
        for (var start = 0; start <= raw.Length; start += 8)
        {
            var chunk = raw.AsSpan(start, Math.Min(8, raw.Length - start));
            var ends = chunk.Length < 8;
            content.Add(ends ? (byte)(1 << chunk.Length) : (byte)0);
            content.AddRange(chunk.ToArray());
            if (ends)
            {
                var end = (207 + raw.Length) % 4096;
                content.Add((byte)(end >> 4));
                content.Add((byte)(end << 4));
            }
        }

        return [.. Header(raw.Length, content.Count, 0x75465A4C), .. content];
    }

    private static byte[] Header(int rawSize, int contentLength, uint type) =>
        [.. BitConverter.GetBytes(contentLength + 12), .. BitConverter.GetBytes(rawSize), .. BitConverter.GetBytes(type), 0, 0, 0, 0];
}
