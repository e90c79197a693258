using System.Text;
using Crible.Model;
using Crible.Scanners.Office;
using Crible.Scanners.Office.Equation;
using Crible.Scanners.Office.Ole;

namespace Crible.Tests.Scanners.Office;

/// <summary>Equation Editor objects built by the tests: inert equations whose font name is a run of 'A's where an
/// exploit would put its shellcode.</summary>
public sealed class EquationEditorScannerTests
{
    [Fact]
    public async Task An_RTF_equation_whose_font_name_overruns_the_CVE_2017_11882_buffer_is_malicious()
    {
        var rtf = Rtf(Convert.ToHexString(Ole1Equation(EquationObject(FontName(60)))));

        var report = await TestEngine.Default.AnalyseAsync(Encoding.ASCII.GetBytes(rtf), "equation.rtf");

        Assert.Equal(Verdict.Malicious, report.Verdict);
        var equation = Assert.Single(report.Nodes, n => n.Name == "Equation.3");
        var overflow = Assert.Single(equation.Findings, f => f.Id == "equation-font-overflow");
        Assert.Equal(Severity.Malicious, overflow.Severity);
        Assert.Contains("T1203", overflow.Attack);
        Assert.Equal("60", overflow.Meta["name_length"]);
        Assert.Equal("Equation Native", overflow.Meta["stream"]);
        Assert.Equal("35", overflow.Meta["offset"]);
        Assert.Contains("CVE-2017-11882", overflow.Meta["cve"], StringComparison.Ordinal);
        Assert.Contains(new string('A', 40), overflow.Evidence, StringComparison.Ordinal);
        Assert.Contains(equation.Findings, f => f.Id == "equation-editor-object" && f.Severity == Severity.Suspicious);
    }

    [Fact]
    public async Task The_overflow_is_found_through_the_object_data_obfuscations()
    {
        var hex = Convert.ToHexString(Ole1Equation(EquationObject(FontName(48))));
        var obfuscated = new StringBuilder();
        for (var i = 0; i < hex.Length; i += 2)
        {
            obfuscated.Append(hex, i, 2).Append((i / 2 % 4) switch { 0 => "\r\n", 1 => @"\par ", 2 => @"{\*\datastore 0102}", _ => " " });
        }

        var report = await TestEngine.Default.AnalyseAsync(Encoding.ASCII.GetBytes(Rtf(obfuscated.ToString())), "obfuscated.rtf");

        Assert.Equal(Verdict.Malicious, report.Verdict);
        Assert.Equal("48", Assert.Single(report.Nodes.SelectMany(n => n.Findings), f => f.Id == "equation-font-overflow").Meta["name_length"]);
    }

    [Fact]
    public async Task A_font_name_too_long_for_a_face_name_but_short_of_40_bytes_is_CVE_2018_0802()
    {
        var report = await TestEngine.Default.AnalyseAsync(EquationObject(FontName(35)), "oleObject1.bin");

        var overflow = Assert.Single(report.Nodes[0].Findings, f => f.Id == "equation-font-overflow");
        Assert.Equal("CVE-2018-0802", overflow.Meta["cve"]);
        Assert.Equal(Verdict.Malicious, report.Verdict);
    }

    [Fact]
    public async Task An_ordinary_equation_is_suspicious_but_not_malicious()
    {
        var report = await TestEngine.Default.AnalyseAsync(Encoding.ASCII.GetBytes(Rtf(Convert.ToHexString(Ole1Equation(EquationObject("Times New Roman"u8.ToArray()))))), "plain.rtf");

        Assert.NotEqual(Verdict.Malicious, report.Verdict);
        var equation = Assert.Single(report.Nodes, n => n.Name == "Equation.3");
        var finding = Assert.Single(equation.Findings, f => f.Id == "equation-editor-object");
        Assert.Equal(Severity.Suspicious, finding.Severity);
        Assert.Contains("{0002CE02-0000-0000-C000-000000000046}", finding.Evidence, StringComparison.Ordinal);
        Assert.DoesNotContain(report.Nodes.SelectMany(n => n.Findings), f => f.Id == "equation-font-overflow");
    }

    [Fact]
    public async Task An_equation_object_in_a_Word_object_pool_is_found_by_its_CompObj()
    {
        var builder = new CompoundFileBuilder();
        builder.AddStream("WordDocument", OfficeTestFiles.Pattern(600, 3));
        builder.AddStream("ObjectPool/_1/\u0001CompObj", CompObj());
        builder.AddStream("ObjectPool/_1/\u0001Ole10Native", OfficeTestFiles.Ole10Native(EquationNative(FontName(44))));

        var report = await TestEngine.Default.AnalyseAsync(builder.ToArray(), "equation.doc");

        var pool = Assert.Single(report.Nodes, n => n.Path == "equation.doc/ObjectPool/_1");
        Assert.Contains(pool.Findings, f => f.Id == "equation-editor-object" && f.Evidence!.Contains("CompObj names Equation.3", StringComparison.Ordinal));
        Assert.Equal(@"\u0001Ole10Native", Assert.Single(pool.Findings, f => f.Id == "equation-font-overflow").Meta["stream"]);
        Assert.Equal(Verdict.Malicious, report.Verdict);
    }

    [Fact]
    public async Task An_equation_embedded_in_a_docx_is_found_in_its_embeddings()
    {
        var docx = TestZip.Create(
            ("[Content_Types].xml", "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>"u8.ToArray()),
            ("word/document.xml", "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"/>"u8.ToArray()),
            ("word/embeddings/oleObject1.bin", EquationObject(FontName(90))));

        var report = await TestEngine.Default.AnalyseAsync(docx, "equation.docx");

        Assert.Equal(Verdict.Malicious, report.Verdict);
        var embedded = Assert.Single(report.Nodes, n => n.Name == "word/embeddings/oleObject1.bin" || n.Path.EndsWith("oleObject1.bin", StringComparison.Ordinal));
        Assert.Contains(embedded.Findings, f => f.Id == "equation-font-overflow");
    }

    [Fact]
    public void A_font_name_without_a_terminating_zero_runs_to_the_end_and_is_counted()
    {
        byte[] mtef = [3, 1, 1, 3, 10, 10, 1, 8, 0x5A, 0x5A, .. Enumerable.Repeat((byte)'A', 70)];

        var records = MtefReader.ReadStream(mtef);

        var font = Assert.Single(records!.Fonts);
        Assert.Equal(70, font.NameLength);
        Assert.False(font.Terminated);
        Assert.Equal(7, font.Offset);
    }

    [Fact]
    public void Records_before_the_font_are_stepped_over()
    {
        // SIZE (explicit point size), a nudged CHAR, an EMBELL, a RULER with two stops, a MATRIX 2x2, END, then FONT.
        byte[] mtef = [3, 1, 1, 3, 10, 9, 101, 12, 0, 0x82, 130, 126, 1, 0x41, 0, 6, 128, 128, 1, 0, 2, 0, 3, 7, 2, 0, 1, 0, 0, 2, 0, 5, 0, 0, 0, 2, 2, 0, 0, 0, 8, 1, 0, (byte)'S', (byte)'y', 0];

        var records = MtefReader.ReadStream(mtef);

        Assert.Null(records!.Problem);
        var font = Assert.Single(records.Fonts);
        Assert.Equal("Sy", font.Name);
    }

    [Fact]
    public void Random_bytes_after_an_MTEF_header_never_make_the_reader_run_away()
    {
        var random = new Random(11882);
        for (var i = 0; i < 2000; i++)
        {
            var data = new byte[random.Next(5, 400)];
            random.NextBytes(data);
            data[0] = 3;
            data[1] = 1;
            data[2] = 1;
            var records = MtefReader.ReadStream(data);
            Assert.True(records!.Fonts.Count <= MtefReader.MaxFonts);
            Assert.All(records.Fonts, f => Assert.InRange(f.Offset, 0, data.Length - 1));
        }
    }

    private static byte[] FontName(int length) => [.. Enumerable.Repeat((byte)'A', length)];

    private static string Rtf(string objdata) => $@"{{\rtf1{{\object\objemb{{\*\objclass Equation.3}}{{\*\objdata {objdata}}}}}}}";

    /// <summary>An Equation Native stream: EQNOLEFILEHDR, then MTEF v3 (header, FULL, LINE, FONT, END).</summary>
    private static byte[] EquationNative(byte[] fontName)
    {
        byte[] mtef = [3, 1, 1, 3, 10, 10, 1, 8, 0x5A, 0x5A, .. fontName, 0, 0, 0];
        using var buffer = new MemoryStream();
        using var writer = new BinaryWriter(buffer);
        writer.Write((ushort)28);
        writer.Write(0x00020000u);
        writer.Write((ushort)0xC49E);
        writer.Write((uint)mtef.Length);
        writer.Write(new byte[16]);
        writer.Write(mtef);
        writer.Flush();
        return buffer.ToArray();
    }

    /// <summary>The OLE2 file Word writes for an equation: the editor's class on the root and its Equation Native.</summary>
    private static byte[] EquationObject(byte[] fontName)
    {
        var builder = new CompoundFileBuilder { RootClsid = EquationEditorScanner.EquationClsid };
        builder.AddStream("Equation Native", EquationNative(fontName));
        return builder.ToArray();
    }

    /// <summary>A CompObj stream: header, class, then the user type, clipboard format and ProgID as 8-bit strings.</summary>
    private static byte[] CompObj()
    {
        using var buffer = new MemoryStream();
        using var writer = new BinaryWriter(buffer);
        writer.Write(new byte[28]);
        foreach (var text in new[] { "Microsoft Equation 3.0", "DS Equation", EquationEditorScanner.ProgId })
        {
            writer.Write((uint)(text.Length + 1));
            writer.Write(Encoding.Latin1.GetBytes(text + "\0"));
        }

        writer.Flush();
        return buffer.ToArray();
    }

    private static byte[] Ole1Equation(byte[] native)
    {
        using var buffer = new MemoryStream();
        using var writer = new BinaryWriter(buffer);
        writer.Write(0x00000501u);
        writer.Write(2u);
        foreach (var text in new[] { EquationEditorScanner.ProgId, string.Empty, string.Empty })
        {
            writer.Write((uint)(text.Length + 1));
            writer.Write(Encoding.Latin1.GetBytes(text + "\0"));
        }

        writer.Write((uint)native.Length);
        writer.Write(native);
        writer.Flush();
        return buffer.ToArray();
    }
}
