using System.Globalization;
using System.Text.RegularExpressions;

namespace Crible.Scanners.Pdf;

/// <summary>
/// What a PDF's JavaScript does that matters: code built at run time, heap-spray shapes (<c>unescape</c> of many
/// <c>%u</c> sequences, strings grown in a loop to megabytes), the Reader APIs of known exploits (util.printf with a
/// huge width, Collab.getIcon, media.newPlayer, spell.customDictionaryOpen, Collab.collectEmailInfo, getAnnots), and
/// attachments it opens (<c>exportDataObject</c> with <c>nLaunch</c>).
/// </summary>
internal sealed record PdfScriptTraits(string? DynamicCode, string? HeapSpray, IReadOnlyList<string> ExploitApis, IReadOnlyList<string> LaunchedAttachments, bool LaunchesAttachment)
{
    private static readonly Regex Dynamic = TextPatterns.Create(@"\beval\s*\(|\bnew\s+Function\s*\(|\bapp\.setTime(Out|Interval)\s*\(\s*[^""'\s]|\bFunction\s*\(\s*[^)\s]");
    private static readonly Regex UnicodeEscape = TextPatterns.Create(@"%u[0-9a-f]{4}");
    private static readonly Regex GrowingString = TextPatterns.Create(@"\.length\s*<\s*(0x[0-9a-f]{5,}|[0-9]{6,})");
    private static readonly Regex HugePrintf = TextPatterns.Create(@"util\.printf\s*\(\s*[""']%[0-9]{4,}");
    private static readonly Regex ExploitCalls = TextPatterns.Create(@"Collab\.getIcon\s*\(|media\.newPlayer\s*\(|spell\.customDictionaryOpen\s*\(|Collab\.collectEmailInfo\s*\(|\.printSeps\s*\(|app\.removeToolButton\s*\(");
    private static readonly Regex Annotations = TextPatterns.Create(@"\.getAnnots\s*\(");
    private static readonly Regex ExportData = TextPatterns.Create(@"exportDataObject\s*\(\s*\{(?<args>[^}]{0,400})\}");
    private static readonly Regex NamedArgument = TextPatterns.Create(@"cName\s*:\s*[""'](?<name>[^""']{1,256})[""']");

    public static PdfScriptTraits Inspect(string script)
    {
        ArgumentNullException.ThrowIfNull(script);
        var exploits = new List<string>();
        if (HugePrintf.Match(script) is { Success: true } printf)
        {
            exploits.Add(printf.Value);
        }

        foreach (Match call in ExploitCalls.Matches(script))
        {
            exploits.Add(call.Value.TrimEnd('(', ' '));
        }

        var launched = new List<string>();
        var launches = false;
        foreach (Match export in ExportData.Matches(script))
        {
            var arguments = export.Groups["args"].Value;
            if (!arguments.Contains("nLaunch", StringComparison.OrdinalIgnoreCase) || Regex.IsMatch(arguments, @"nLaunch\s*:\s*0\b", RegexOptions.None, TimeSpan.FromSeconds(1)))
            {
                continue;
            }

            launches = true;
            if (NamedArgument.Match(arguments) is { Success: true } name)
            {
                launched.Add(name.Groups["name"].Value);
            }
        }

        return new PdfScriptTraits(Dynamic.Match(script) is { Success: true } dynamic ? dynamic.Value : null, HeapSprayShape(script),
            [.. exploits.Distinct(StringComparer.OrdinalIgnoreCase)], launched, launches);
    }

    /// <summary>Whether getAnnots is called (used by a known exploit, and by ordinary forms).</summary>
    public static bool CallsGetAnnots(string script) => Annotations.IsMatch(script);

    /// <summary>Evidence of a heap spray, or null: shellcode as many <c>%u</c> escapes, or a string grown past 64 KiB in a loop.</summary>
    private static string? HeapSprayShape(string script)
    {
        var escapes = 0;
        for (var match = UnicodeEscape.Match(script); match.Success && escapes < 10_000; match = match.NextMatch())
        {
            escapes++;
        }

        if (escapes >= 32 && script.Contains("unescape", StringComparison.OrdinalIgnoreCase))
        {
            return string.Create(CultureInfo.InvariantCulture, $"unescape of {escapes} %u sequences");
        }

        return GrowingString.Match(script) is { Success: true } growing && (script.Contains("+=", StringComparison.Ordinal) || script.Contains("while", StringComparison.Ordinal))
            ? $"string grown in a loop: {growing.Value}"
            : null;
    }
}
