using System.IO.Compression;
using System.Text;
using Crible.Model;
using Crible.Tests.Scanners.Office.Vba;

namespace Crible.Tests.Scanners.Office;

/// <summary>Macros in single-file Office formats: Flat OPC XML, Word 2003 XML and MHT, the last two through
/// ActiveMime. The VBA projects are built by the tests and only write a message box line and a Shell call.</summary>
public sealed class OfficeXmlScannerTests
{
    private const string OpensAndRuns = "Attribute VB_Name = \"ThisDocument\"\r\nSub AutoOpen()\r\n  Shell \"calc.exe\"\r\nEnd Sub\r\n";

    [Fact]
    public async Task The_VBA_project_of_a_Flat_OPC_document_is_decoded_and_read()
    {
        var project = Convert.ToBase64String(VbaTestProjects.File(string.Empty, new VbaTestProjects.Module("ThisDocument", OpensAndRuns, IsDocument: true)), Base64FormattingOptions.InsertLineBreaks);
        var xml = $"""
            <?xml version="1.0" standalone="yes"?>
            <?mso-application progid="Word.Document"?>
            <pkg:package xmlns:pkg="http://schemas.microsoft.com/office/2006/xmlPackage">
              <pkg:part pkg:name="/word/document.xml" pkg:contentType="application/vnd.ms-word.document.macroEnabled.main+xml">
                <pkg:xmlData><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/></pkg:xmlData>
              </pkg:part>
              <pkg:part pkg:name="/word/vbaProject.bin" pkg:contentType="application/vnd.ms-office.vbaProject"><pkg:binaryData>{project}</pkg:binaryData></pkg:part>
            </pkg:package>
            """;

        var report = await TestEngine.Default.AnalyseAsync(Encoding.UTF8.GetBytes(xml), "flat.xml");

        Assert.Equal(Verdict.Malicious, report.Verdict);
        var bin = Assert.Single(report.Nodes, n => n.Name == "word/vbaProject.bin");
        Assert.Equal(Relation.Decoded, bin.Relation);
        Assert.Contains(bin.Findings, f => f.Scanner == "vba" && f.Severity == Severity.Malicious && f.Evidence!.Contains("Shell \"calc.exe\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_macros_of_a_Word_2003_XML_document_are_read_from_its_ActiveMime_part()
    {
        var mso = Convert.ToBase64String(ActiveMime(VbaTestProjects.WordDocument(new VbaTestProjects.Module("ThisDocument", OpensAndRuns, IsDocument: true))));
        var xml = $"""
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <?mso-application progid="Word.Document"?>
            <w:wordDocument xmlns:w="http://schemas.microsoft.com/office/word/2003/wordml">
              <w:docSuppData><w:binData w:name="editdata.mso">{mso}</w:binData></w:docSuppData>
              <w:body><w:p/></w:body>
            </w:wordDocument>
            """;

        var report = await TestEngine.Default.AnalyseAsync(Encoding.UTF8.GetBytes(xml), "word2003.xml");

        Assert.Equal(Verdict.Malicious, report.Verdict);
        var activeMime = Assert.Single(report.Nodes, n => n.Name == "editdata.mso");
        Assert.Contains(activeMime.Findings, f => f.Id == "activemime");
        var ole = Assert.Single(report.Nodes, n => n.Path == activeMime.Path + "/activemime.ole");
        Assert.Contains(ole.Findings, f => f.Scanner == "vba" && f.Severity == Severity.Malicious);
    }

    [Fact]
    public async Task The_macros_of_an_MHT_document_are_read_from_its_ActiveMime_part()
    {
        var mso = Convert.ToBase64String(ActiveMime(VbaTestProjects.WordDocument(new VbaTestProjects.Module("ThisDocument", OpensAndRuns, IsDocument: true))), Base64FormattingOptions.InsertLineBreaks);
        var mht = "MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"----=_NextPart_01\"\r\n\r\n"
            + "------=_NextPart_01\r\nContent-Location: file:///C:/doc.htm\r\nContent-Type: text/html; charset=\"us-ascii\"\r\n\r\n<html><body><p>Invoice</p></body></html>\r\n"
            + "------=_NextPart_01\r\nContent-Location: file:///C:/doc_files/editdata.mso\r\nContent-Transfer-Encoding: base64\r\nContent-Type: application/x-mso\r\n\r\n"
            + mso + "\r\n------=_NextPart_01--\r\n";

        var report = await TestEngine.Default.AnalyseAsync(Encoding.ASCII.GetBytes(mht), "invoice.mht");

        Assert.Equal(Verdict.Malicious, report.Verdict);
        Assert.Contains(report.Nodes, n => n.Name == "activemime.ole" && n.Findings.Any(f => f.Scanner == "vba" && f.Severity == Severity.Malicious));
    }

    [Fact]
    public async Task An_ActiveMime_bomb_is_cut_at_the_ratio_limit()
    {
        var bomb = new byte[64 * 1024 * 1024];
        byte[] signature = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        signature.CopyTo(bomb, 0);

        var report = await TestEngine.Default.AnalyseAsync(ActiveMime(bomb), "bomb.mso");

        Assert.Contains(report.LimitsHit, l => l.Limit == "ratio");
        var ole = Assert.Single(report.Nodes, n => n.Name == "activemime.ole");
        Assert.True(ole.Size < bomb.Length);
    }

    [Fact]
    public async Task Malformed_XML_and_bad_base64_are_reported_incomplete_not_thrown()
    {
        const string Xml = "<?xml version=\"1.0\"?><pkg:package xmlns:pkg=\"http://schemas.microsoft.com/office/2006/xmlPackage\"><pkg:part pkg:name=\"/a.bin\"><pkg:binaryData>!!not base64!!</pkg:binaryData></pkg:part><pkg:part>";

        var report = await TestEngine.Default.AnalyseAsync(Encoding.ASCII.GetBytes(Xml), "broken.xml");

        Assert.Contains(report.Nodes[0].Incomplete, r => r.Contains("not valid base64", StringComparison.Ordinal));
        Assert.Contains(report.Nodes[0].Incomplete, r => r.Contains("malformed", StringComparison.Ordinal));
        Assert.NotEqual(Verdict.Clean, report.Verdict);
    }

    /// <summary>An ActiveMime blob as Word writes it: header, the offset field at 0x1E, zlib data at 0x32.</summary>
    private static byte[] ActiveMime(byte[] ole)
    {
        var header = new byte[0x32];
        "ActiveMime"u8.CopyTo(header);
        BitConverter.GetBytes((ushort)(0x32 - 46)).CopyTo(header, 0x1E);
        using var buffer = new MemoryStream();
        buffer.Write(header);
        using (var zlib = new ZLibStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(ole);
        }

        return buffer.ToArray();
    }
}
