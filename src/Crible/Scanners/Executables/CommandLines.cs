using System.Text.RegularExpressions;
using Crible.Model;
using Crible.Pipeline;

namespace Crible.Scanners.Executables;

/// <summary>What a command line that a carrier (shortcut, registry value, web query...) would run does.</summary>
/// <param name="Program">The Windows binary it starts, when it is one that attackers live off (LOLBin).</param>
/// <param name="Attack">Techniques of that binary and of what the arguments do.</param>
/// <param name="Traits">What the arguments do (download, encoded command, hidden window...).</param>
/// <param name="IsMalicious">Downloads and runs, decodes and runs, or hides its command behind padding.</param>
public sealed record CommandAnalysis(string? Program, IReadOnlyList<string> Attack, IReadOnlyList<string> Traits, bool IsMalicious);

/// <summary>
/// Reads command lines for the living-off-the-land binaries droppers start (PowerShell, mshta, cmd, rundll32,
/// regsvr32, certutil, bitsadmin, the script hosts...) and what their arguments do. One table, shared by the LNK
/// and carrier scanners.
/// </summary>
public static partial class CommandLines
{
    private const int PaddingRun = 40;

    private static readonly (string Program, string[] Attack)[] Lolbins =
    [
        ("powershell", ["T1059.001"]), ("pwsh", ["T1059.001"]), ("cmd", ["T1059.003"]), ("mshta", ["T1218.005"]),
        ("rundll32", ["T1218.011"]), ("regsvr32", ["T1218.010"]), ("certutil", ["T1105", "T1140"]),
        ("bitsadmin", ["T1197", "T1105"]), ("wscript", ["T1059.005"]), ("cscript", ["T1059.005"]),
        ("msiexec", ["T1218.007"]), ("wmic", ["T1047"]), ("hh", ["T1218.001"]), ("cmstp", ["T1218.003"]),
        ("installutil", ["T1218.004"]), ("regasm", ["T1218.009"]), ("regsvcs", ["T1218.009"]), ("msbuild", ["T1127.001"]),
        ("odbcconf", ["T1218.008"]), ("schtasks", ["T1053.005"]), ("forfiles", ["T1202"]), ("curl", ["T1105"]),
        ("conhost", ["T1202"]), ("msdt", ["T1218"]), ("scriptrunner", ["T1216"]), ("pcalua", ["T1202"]),
    ];

    private static readonly (string Trait, Regex Pattern, bool Runs)[] ArgumentTraits =
    [
        ("downloads (DownloadString/DownloadFile/WebClient/Invoke-WebRequest)", DownloadPattern(), true),
        ("runs code from a string (IEX/Invoke-Expression)", InvokeExpressionPattern(), true),
        ("runs an encoded command (-EncodedCommand/FromBase64String)", EncodedPattern(), true),
        ("hides its window", HiddenPattern(), false),
        ("fetches a file with certutil/bitsadmin", TransferPattern(), true),
        ("runs script from a URL or a scriptlet (javascript:, vbscript:, scrobj.dll, /i:http)", ScriptUrlPattern(), true),
    ];

    /// <summary>The file name (without folder or extension) of the program a command line starts.</summary>
    public static string ProgramName(string command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var trimmed = command.Trim().Trim('"');
        var end = trimmed.IndexOfAny([' ', '\t', '"']);
        var path = end < 0 ? trimmed : trimmed[..end];
        var name = path[(path.LastIndexOfAny(['\\', '/']) + 1)..];
        var dot = name.LastIndexOf('.');
        return (dot > 0 ? name[..dot] : name).ToLowerInvariant();
    }

    /// <summary>Splits a whole command line into the program and its arguments (a quoted program, a path up to
    /// ".exe", or the first word).</summary>
    public static (string Program, string Arguments) Split(string command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var text = command.Trim();
        if (text.StartsWith('"') && text.IndexOf('"', 1) is > 0 and var close)
        {
            return (text[1..close], text[(close + 1)..].Trim());
        }

        var exe = text.IndexOf(".exe", StringComparison.OrdinalIgnoreCase);
        var end = exe > 0 && (exe + 4 == text.Length || char.IsWhiteSpace(text[exe + 4])) ? exe + 4 : text.IndexOfAny([' ', '\t']);
        return end < 0 ? (text, string.Empty) : (text[..end], text[end..].Trim());
    }

    /// <summary>Analyses what <paramref name="target"/> run with <paramref name="arguments"/> does.</summary>
    public static CommandAnalysis Analyse(string target, string arguments)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(arguments);
        var whole = $"{target} {arguments}";
        var attack = new List<string>();
        var traits = new List<string>();
        var program = FindLolbin(ProgramName(target), attack) ?? FindLolbinInText(arguments, attack);
        var runs = false;
        foreach (var (trait, pattern, isRun) in ArgumentTraits)
        {
            if (pattern.IsMatch(whole))
            {
                traits.Add(trait);
                runs |= isRun;
            }
        }

        var hasUrl = UrlPattern().IsMatch(arguments) || UncPattern().IsMatch(arguments);
        if (hasUrl)
        {
            traits.Add("names a remote location");
        }

        var padded = WhitespaceRunPattern().IsMatch(arguments);
        if (padded)
        {
            traits.Add($"pads its arguments with {PaddingRun} or more blanks to hide the command");
            attack.Add("T1027");
        }

        var malicious = program is not null && ((runs && (hasUrl || traits.Count > 1)) || (padded && arguments.Trim().Length > 0) || (hasUrl && program is "mshta" or "regsvr32" or "rundll32" or "certutil" or "bitsadmin" or "msiexec"));
        if (runs || hasUrl)
        {
            attack.Add("T1105");
        }

        return new CommandAnalysis(program, attack.Distinct().ToList(), traits, malicious);
    }

    /// <summary>Records the URLs and UNC paths of a command line as indicators.</summary>
    public static void RecordIndicators(ScanContext context, string text)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(text);
        foreach (Match match in UrlPattern().Matches(text))
        {
            context.Indicator(IndicatorKind.Url, match.Value.TrimEnd('\'', '"', ')', ';', ','));
        }

        foreach (Match match in UncPattern().Matches(text))
        {
            context.Indicator(IndicatorKind.Path, match.Value);
        }
    }

    private static string? FindLolbin(string name, List<string> attack)
    {
        foreach (var (program, techniques) in Lolbins)
        {
            if (name == program)
            {
                attack.AddRange(techniques);
                return program;
            }
        }

        return null;
    }

    private static string? FindLolbinInText(string text, List<string> attack)
    {
        foreach (var (program, techniques) in Lolbins)
        {
            if (Regex.IsMatch(text, $@"(^|[\s\\/""'&|(]){program}(\.exe)?([\s""'&|)]|$)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)))
            {
                attack.AddRange(techniques);
                return program;
            }
        }

        return null;
    }

    [GeneratedRegex(@"(?i)\b(?:https?|ftp)://[^\s""'<>`^]+", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex UrlPattern();

    [GeneratedRegex(@"\\\\[A-Za-z0-9._-]+(?:@SSL)?(?:@\d+)?\\[^\s""'<>|]+", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex UncPattern();

    [GeneratedRegex(@"(?i)download(?:string|file|data)|net\.webclient|invoke-webrequest|\biwr\b|start-bitstransfer|\bwget\b|\bcurl\b|msxml2\.xmlhttp|winhttprequest", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex DownloadPattern();

    [GeneratedRegex(@"(?i)\biex\b|invoke-expression|\|\s*iex|\.invoke\(\)|scriptblock\]::create", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex InvokeExpressionPattern();

    [GeneratedRegex(@"(?i)\s-e(?:nc(?:odedcommand)?|c)?\s+[A-Za-z0-9+/=]{16,}|frombase64string", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex EncodedPattern();

    [GeneratedRegex(@"(?i)-w(?:indowstyle)?\s+h(?:idden)?\b|-nop\b.*-w\s+1\b|\bvbhide\b|/min\b", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex HiddenPattern();

    [GeneratedRegex(@"(?i)-urlcache|-verifyctl|-decode\b|/transfer\b|/addfile\b", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex TransferPattern();

    [GeneratedRegex(@"(?i)javascript:|vbscript:|scrobj\.dll|/i:\s*https?:|mshtml,RunHTMLApplication", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex ScriptUrlPattern();

    [GeneratedRegex(@"[ \t\r\n]{40,}", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex WhitespaceRunPattern();
}
