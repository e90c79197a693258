using Crible.Model;
using static Crible.Scanners.Scripts.ScriptDialect;
using static Crible.Scanners.Scripts.TraitCategory;

namespace Crible.Scanners.Scripts;

/// <summary>
/// The static traits of scripts, by dialect. Alone each is at most suspicious: administrators download, run and
/// evaluate too. <see cref="ScriptVerdicts"/> turns combinations that only droppers make into malicious findings.
/// </summary>
internal static class ScriptRules
{
    private static readonly ScriptDialect[] Wsh = [JavaScript, VbScript];
    private static readonly ScriptDialect[] AnyWindows = [JavaScript, VbScript, PowerShell, Batch];

    public static IReadOnlyList<ScriptRule> All { get; } =
    [
        // PowerShell
        Rule("ps-download", Download, Severity.Suspicious, "Downloads content from the network",
            @"\b(Invoke-WebRequest|Invoke-RestMethod|Start-BitsTransfer|iwr|irm)\b|\.Download(String|File|Data)(Async|TaskAsync)?\s*\(|Net\.WebClient|Net\.Http\.HttpClient",
            AnyWindows, "T1105"),
        Rule("ps-invoke-expression", DynamicCode, Severity.Suspicious, "Runs code built at run time (Invoke-Expression)",
            @"\b(Invoke-Expression|iex)\b|\[scriptblock\]::Create\s*\(|\$ExecutionContext\.InvokeCommand\.(InvokeScript|NewScriptBlock)", [PowerShell], "T1059.001"),
        Rule("ps-download-cradle", Cradle, Severity.Suspicious, "Download cradle: code fetched from the network is run directly",
            @"\b(iex|Invoke-Expression)\b[^\r\n]{0,300}(DownloadString|Invoke-WebRequest|Invoke-RestMethod|\biwr\b|\birm\b)|(DownloadString|Invoke-WebRequest|Invoke-RestMethod|\biwr\b|\birm\b)[^\r\n]{0,300}\|\s*(iex|Invoke-Expression)\b",
            [PowerShell, Batch, JavaScript, VbScript], "T1059.001", "T1105"),
        Rule("ps-start-process", Execute, Severity.Info, "Starts a process",
            @"\b(Start-Process|saps|Invoke-Item)\b|\[Diagnostics\.Process\]::Start", AnyWindows, "T1059.001"),
        Rule("ps-hidden-window", Evasion, Severity.Suspicious, "Runs PowerShell with a hidden window or without profile and policy",
            @"-w(i(n(d(o(w(s(t(y(l(e)?)?)?)?)?)?)?)?)?)?\s+h(i(d(d(e(n)?)?)?)?)?\b|-ex(e(c(u(t(i(o(n(p(o(l(i(c(y)?)?)?)?)?)?)?)?)?)?)?)?)?\s+(bypass|unrestricted)\b|-ep\s+(bypass|unrestricted)\b",
            [PowerShell, Batch, JavaScript, VbScript], "T1564.003", "T1059.001"),
        Rule("ps-reflective-load", DynamicCode, Severity.Suspicious, "Loads a .NET assembly from memory",
            @"\[(System\.)?Reflection\.Assembly\]::(Load|LoadFile|LoadWithPartialName)\s*\(|\bVirtualAlloc\b|\bCreateThread\b", [PowerShell], "T1620"),
        Rule("ps-amsi-bypass", Tampering, Severity.Malicious, "Disables the Antimalware Scan Interface",
            @"AmsiUtils|amsiInitFailed|AmsiScanBuffer", [PowerShell, JavaScript, VbScript], "T1562.001"),
        Rule("ps-defender-tampering", Tampering, Severity.Suspicious, "Changes Microsoft Defender settings",
            @"\b(Set|Add)-MpPreference\b[^\r\n]{0,100}-(Disable\w*|Exclusion\w*)", [PowerShell, Batch], "T1562.001"),

        // Windows Script Host (JScript, VBScript)
        Rule("wsh-http-object", Download, Severity.Suspicious, "Creates an HTTP client object",
            @"(MSXML2\.(Server)?XMLHTTP|Microsoft\.XMLHTTP|WinHttp\.WinHttpRequest)", Wsh, "T1105"),
        Paired("wsh-stream-save", WriteFile, Severity.Info, "Writes a binary stream to a file (ADODB.Stream)",
            @"\.SaveToFile\b", Wsh, "T1105", also: @"ADODB\.Stream"),
        Paired("wsh-shell-run", Execute, Severity.Info, "Runs a command through the Windows shell",
            @"\.(Run|Exec|ShellExecute)\b", Wsh, "T1059", also: @"WScript\.Shell|Shell\.Application"),
        Rule("js-dynamic-code", DynamicCode, Severity.Suspicious, "Evaluates code built at run time",
            @"\beval\s*\(\s*[^\s""')]|\bnew\s+Function\s*\(|\bset(Timeout|Interval)\s*\(\s*[""']", [JavaScript], "T1059.007"),
        Rule("vbs-dynamic-code", DynamicCode, Severity.Suspicious, "Evaluates code built at run time (Execute, ExecuteGlobal, Eval)",
            @"^[ \t]*(Execute|ExecuteGlobal)\b|[=(:][ \t]*(Execute|ExecuteGlobal|Eval)[ \t]*\(", [VbScript], "T1059.005"),
        Rule("wsh-run-key", Persistence, Severity.Suspicious, "Writes a Run key or schedules a task",
            @"\\CurrentVersion\\Run(Once)?\b|\bschtasks(\.exe)?\b[^\r\n]{0,50}/create", AnyWindows, "T1547.001", "T1053.005"),
        Rule("lolbin-proxy", Execute, Severity.Suspicious, "Runs code through a system binary used as a proxy (mshta, rundll32, regsvr32)",
            @"\b(mshta(\.exe)?\s+(https?:|vbscript:|javascript:)|rundll32(\.exe)?\s+[^\r\n]{0,80}(javascript:|,\s*#?\d|url\.dll)|regsvr32(\.exe)?\s+[^\r\n]{0,40}/i:\s*https?:)",
            AnyWindows, "T1218"),

        // Batch
        Rule("certutil-download", Download, Severity.Suspicious, "Uses certutil to download a file",
            @"\bcertutil(\.exe)?\b[^\r\n]{0,100}-urlcache\b", [Batch, PowerShell, JavaScript, VbScript], "T1105"),
        Rule("certutil-decode", Decode, Severity.Suspicious, "Uses certutil to decode a file",
            @"\bcertutil(\.exe)?\b[^\r\n]{0,40}-decode(hex)?\b", [Batch, PowerShell, JavaScript, VbScript], "T1140"),
        Rule("bitsadmin-download", Download, Severity.Suspicious, "Uses bitsadmin to download a file",
            @"\bbitsadmin(\.exe)?\b[^\r\n]{0,60}/(transfer|addfile)\b", [Batch, PowerShell, JavaScript, VbScript], "T1197", "T1105"),
        Rule("batch-download", Download, Severity.Suspicious, "Downloads a file (curl, PowerShell)",
            @"\bcurl(\.exe)?\s[^\r\n]{0,200}(-o\s|--output\b)|powershell[^\r\n]{0,200}(DownloadFile|DownloadString|Invoke-WebRequest|\biwr\b)", [Batch], "T1105"),
        Rule("batch-run-program", Execute, Severity.Info, "Starts a program or script",
            @"\bstart\s+(""[^""\r\n]*""\s+)?(/b\s+|/min\s+)?[^\s]+\.(exe|scr|com|pif|vbs|vbe|js|jse|hta|ps1|bat|cmd|dll)\b|\b(wscript|cscript|mshta|rundll32|regsvr32)(\.exe)?\s", [Batch], "T1059.003"),
        Rule("batch-dynamic-command", DynamicCode, Severity.Suspicious, "Runs a command whose name comes from a variable",
            @"^[ \t]*@?(call\s+)?%[A-Za-z_][\w]*(:~[-\d,]+)?%", [Batch], "T1059.003"),

        // Unix shell
        Rule("sh-pipe-to-shell", Cradle, Severity.Suspicious, "Pipes downloaded content into a shell",
            @"\b(curl|wget)\b[^|;\r\n]{0,300}\|\s*(sudo\s+)?(ba|da|z|k)?sh\b", [Shell], "T1105", "T1059.004"),
        Rule("sh-download", Download, Severity.Info, "Downloads a file",
            @"\b(wget|curl|fetch|tftp)\b[^\r\n]{0,200}(https?|ftp)://", [Shell], "T1105"),
        Rule("sh-make-executable", Execute, Severity.Info, "Makes a file executable",
            @"\bchmod\s+(-R\s+)?(\+x|[0-7]?[0-7]?[1357][0-7]?\b|a\+x|u\+x)", [Shell], "T1222.002"),
        Rule("sh-reverse-shell", ReverseShell, Severity.Malicious, "Opens a reverse shell",
            @"\bbash\s+-i\s+[^\r\n]{0,20}>&?\s*/dev/tcp/|/dev/tcp/[^\s/]+/\d+\s+0>&1|\b(nc|ncat|netcat)\b[^\r\n]{0,40}\s-e\s+/bin/(ba)?sh", [Shell, Python, Perl], "T1059.004"),
        Rule("sh-decode-run", Decode, Severity.Suspicious, "Decodes data and runs it",
            @"base64\s+(-d|--decode)[^\r\n]{0,40}\|\s*(ba)?sh\b|\beval\s+[""']?\$\(", [Shell], "T1140", "T1059.004"),
        Rule("sh-cron", Persistence, Severity.Suspicious, "Installs a cron job",
            @"\bcrontab\s+(-l|-)|/etc/cron\.|/var/spool/cron", [Shell], "T1053.003"),

        // Python and Perl
        Rule("py-download", Download, Severity.Info, "Downloads content from the network",
            @"\burllib(2)?(\.request)?\.(urlopen|urlretrieve)\b|\brequests\.(get|post)\s*\(|\bLWP::(Simple|UserAgent)\b|\bgetstore\s*\(", [Python, Perl], "T1105"),
        Rule("py-dynamic-code", DynamicCode, Severity.Suspicious, "Evaluates code built at run time",
            @"\bexec\s*\(\s*[^\s""')]|\beval\s*\(\s*[^\s""')]|\bmarshal\.loads\s*\(", [Python], "T1059.006"),
        Rule("py-run-command", Execute, Severity.Info, "Runs a command",
            @"\bos\.(system|popen|exec\w*)\s*\(|\bsubprocess\.(Popen|call|run|check_output)\s*\(|\bpty\.spawn\s*\(", [Python], "T1059.006"),
        Rule("pl-dynamic-code", DynamicCode, Severity.Suspicious, "Evaluates code built at run time",
            @"\beval\s*\(?\s*(unpack|pack|decode_base64|\$)", [Perl], "T1059"),
    ];

    private static ScriptRule Rule(string id, TraitCategory category, Severity severity, string title, string pattern, ScriptDialect[] dialects, params string[] attack) =>
        new(id, category, severity, title, ScriptRule.Compile(pattern), dialects, attack);

    /// <summary>A rule whose pattern counts only when <paramref name="also"/> is found too.</summary>
    private static ScriptRule Paired(string id, TraitCategory category, Severity severity, string title, string pattern, ScriptDialect[] dialects, string technique, string also) =>
        new(id, category, severity, title, ScriptRule.Compile(pattern), dialects, [technique], ScriptRule.Compile(also));
}
