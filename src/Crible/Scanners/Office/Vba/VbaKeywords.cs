using System.Text.RegularExpressions;

namespace Crible.Scanners.Office.Vba;

/// <summary>What a VBA keyword says about a macro, in mraptor's terms plus obfuscation and persistence.</summary>
public enum VbaBehaviour
{
    /// <summary>Runs by itself when the document opens or closes (AutoOpen, Document_Open, Workbook_Open...).</summary>
    AutoExec,

    /// <summary>Writes files or downloads (URLDownloadToFile, XMLHTTP, ADODB.Stream, Open ... For Binary).</summary>
    Write,

    /// <summary>Runs programs or commands (Shell, WScript.Shell, WMI, Win32 API declarations, powershell).</summary>
    Execute,

    /// <summary>Hides its strings (Chr chains, StrReverse, Base64 or hex literals).</summary>
    Obfuscation,

    /// <summary>Changes Office itself to run again (the Normal template, XLSTART, its own VBA project).</summary>
    Persistence,
}

/// <summary>The keywords of each behaviour. Patterns are matched on code lines (comments already removed).</summary>
public static class VbaKeywords
{
    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    /// <summary>Procedures Office runs by itself: document events and the ActiveX events that fire on display.
    /// Click and Change are left out: they need the user to act on a control.</summary>
    public static readonly Regex AutoExecProcedure = new(
        @"^(?:(?:Private|Public|Friend)\s+)?(?:Static\s+)?(?:Sub|Function)\s+(?<name>Auto_?Open|AutoExec|Auto_?Close|AutoExit|AutoNew|Auto_Activate|Auto_Deactivate"
        + @"|Document_?Open|Document_Close|Document_New|Document_?BeforeClose|Document_ContentControlOnEnter|NewDocument"
        + @"|Workbook_Open|Workbook_Activate|Workbook_BeforeClose|Workbook_Close|Workbook_Deactivate|Workbook_WindowActivate"
        + @"|App_DocumentOpen|App_WorkbookOpen|App_PresentationOpen|OnSlideShowPageChange"
        + @"|\w+_(?:Painted|Painting|GotFocus|LostFocus|MouseHover|Layout|Resize|BeforeNavigate2|DocumentComplete|NavigateComplete2|DownloadBegin|DownloadComplete|ProgressChange|MouseEnter|MouseLeave))\s*\(",
        Options,
        Timeout);

    /// <summary>Object creation: what the object is decides the behaviour (see <see cref="ProgIdBehaviour"/>).</summary>
    public static readonly Regex ObjectCreation = new(@"\b(?<call>CreateObject|GetObject)\s*\(\s*(?<argument>""[^""]*""|[^)]*)", Options, Timeout);

    public static readonly IReadOnlyList<(VbaBehaviour Behaviour, string Name, Regex Pattern)> Patterns =
    [
        (VbaBehaviour.Write, "URLDownloadToFile", Word(@"URLDownloadToFile[AW]?")),
        (VbaBehaviour.Write, "XMLHTTP", Word(@"(?:Microsoft|MSXML2)\.(?:Server)?XMLHTTP(?:\.\d\.\d)?")),
        (VbaBehaviour.Write, "WinHttpRequest", Word(@"WinHttp\.WinHttpRequest(?:\.\d)?")),
        (VbaBehaviour.Write, "InternetOpenUrl", Word(@"Internet(?:OpenUrl|ReadFile)[AW]?")),
        (VbaBehaviour.Write, "ADODB.Stream", Word(@"ADODB\.Stream")),
        (VbaBehaviour.Write, "SaveToFile", Word(@"SaveToFile")),
        (VbaBehaviour.Write, "CreateTextFile", Word(@"CreateTextFile")),
        (VbaBehaviour.Write, "Open For Binary/Output", new Regex(@"\bOpen\s+[^\r\n]{1,400}?\s+For\s+(?:Binary|Output|Append)\b", Options, Timeout)),
        (VbaBehaviour.Write, "Put #", new Regex(@"^Put\s+#", Options, Timeout)),
        (VbaBehaviour.Write, "FileCopy", Word(@"(?:FileCopy|CopyFile)")),
        (VbaBehaviour.Execute, "Shell", new Regex(@"(?<![.\w""])Shell(?:Execute[AW]?)?\s*[(\s]", Options, Timeout)),
        (VbaBehaviour.Execute, "WScript.Shell", Word(@"WScript\.Shell")),
        (VbaBehaviour.Execute, "Shell.Application", Word(@"Shell\.Application")),
        (VbaBehaviour.Execute, ".ShellExecute", new Regex(@"\.ShellExecute\b", Options, Timeout)),
        (VbaBehaviour.Execute, "Win32_Process", Word(@"Win32_Process(?:Startup)?")),
        (VbaBehaviour.Execute, "CallByName", Word(@"CallByName")),
        (VbaBehaviour.Execute, "MacScript", Word(@"MacScript|AppleScriptTask")),
        (VbaBehaviour.Execute, "SendKeys", Word(@"SendKeys")),
        (VbaBehaviour.Execute, "ExecuteExcel4Macro", Word(@"ExecuteExcel4Macro")),
        (VbaBehaviour.Execute, "Win32 API", new Regex(@"\bDeclare\s+(?:PtrSafe\s+)?(?:Function|Sub)\s+\w+\s+Lib\s+""(?:kernel32|ntdll|shell32|urlmon|wininet)", Options, Timeout)),
        (VbaBehaviour.Execute, "memory injection", Word(@"(?:CreateThread|VirtualAlloc(?:Ex)?|RtlMoveMemory|WriteProcessMemory|EnumSystemLocalesA|CreateRemoteThread)")),
        (VbaBehaviour.Execute, "command interpreter", Word(@"(?:powershell(?:\.exe)?|cmd(?:\.exe)?\s+/[ck]|mshta(?:\.exe)?|wscript(?:\.exe)?|cscript(?:\.exe)?|regsvr32|rundll32|certutil|bitsadmin|Start-Process|Invoke-Expression|IEX)")),
        (VbaBehaviour.Execute, ".Run/.Exec", new Regex(@"\.(?:Run|Exec)\s*[(\s""]", Options, Timeout)),
        (VbaBehaviour.Obfuscation, "StrReverse", Word(@"StrReverse")),
        (VbaBehaviour.Persistence, "Normal template", Word(@"NormalTemplate")),
        (VbaBehaviour.Persistence, "Office start-up folder", Word(@"(?:XLSTART|StartupPath)")),
        (VbaBehaviour.Persistence, "VBA project changes itself", new Regex(@"\bVBProject\.VBComponents\b|\bAccessVBOM\b", Options, Timeout)),
    ];

    /// <summary>Object classes that run things, and those that download or write.</summary>
    public static VbaBehaviour? ProgIdBehaviour(string argument)
    {
        ArgumentNullException.ThrowIfNull(argument);
        if (!argument.StartsWith('"'))
        {
            // The class is computed: the usual way to hide WScript.Shell from a scanner.
            return VbaBehaviour.Execute;
        }

        var progId = argument.Trim('"').Trim();
        if (Matches(progId, "wscript.shell", "shell.application", "winmgmts", "schedule.service", "mmc20.application", "new:", "wscript.network"))
        {
            return VbaBehaviour.Execute;
        }

        return Matches(progId, "xmlhttp", "winhttp", "adodb.stream", "internetexplorer.application") ? VbaBehaviour.Write : null;
    }

    private static bool Matches(string progId, params string[] prefixes) =>
        prefixes.Any(p => progId.Contains(p, StringComparison.OrdinalIgnoreCase));

    private static Regex Word(string pattern) => new($@"(?<!\w){pattern}(?!\w)", Options, Timeout);
}
