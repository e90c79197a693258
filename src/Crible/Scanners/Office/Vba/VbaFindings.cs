using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Crible.Model;
using Crible.Pipeline;

namespace Crible.Scanners.Office.Vba;

/// <summary>
/// Turns the analysis of a VBA project into findings: auto-exec with write or execute is malicious (what mraptor
/// calls a malicious macro), write, execute, obfuscation or persistence without it suspicious, auto-exec alone
/// informational. Each finding quotes the module and line that show it. URLs in the source and in the decoded
/// strings become indicators.
/// </summary>
public static partial class VbaFindings
{
    private const int MaxEvidenceLines = 20;
    private const int MaxLineLength = 200;

    public static void Report(ScanContext context, VbaAnalysis analysis, IEnumerable<string> sources)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(analysis);
        ArgumentNullException.ThrowIfNull(sources);
        var autoExec = analysis.Has(VbaBehaviour.AutoExec);
        var write = analysis.Has(VbaBehaviour.Write);
        var execute = analysis.Has(VbaBehaviour.Execute);
        var persistence = analysis.Has(VbaBehaviour.Persistence);
        if (autoExec && (write || execute))
        {
            var attack = new List<string> { "T1204.002", "T1059.005" };
            AddIf(attack, write && analysis.Of(VbaBehaviour.Write).Any(IsDownload), "T1105");
            AddIf(attack, persistence, "T1137");
            var what = string.Join(" and ", new[] { write ? "writes or downloads files" : null, execute ? "runs commands" : null }.OfType<string>());
            context.Report("vba-auto-exec-payload", Severity.Malicious, $"Macro that runs when the document is opened and {what}",
                Evidence(analysis.Of(VbaBehaviour.AutoExec).Concat(analysis.Of(VbaBehaviour.Execute)).Concat(analysis.Of(VbaBehaviour.Write))), attack);
        }
        else
        {
            if (autoExec)
            {
                context.Report("vba-auto-exec", Severity.Info, "Macro that runs when the document is opened (it neither writes nor executes)", Evidence(analysis.Of(VbaBehaviour.AutoExec)), ["T1204.002"]);
            }

            if (execute)
            {
                context.Report("vba-execute", Severity.Suspicious, "Macro that can run programs or commands (not on opening)", Evidence(analysis.Of(VbaBehaviour.Execute)), ["T1059.005"]);
            }

            if (write)
            {
                context.Report("vba-write", Severity.Suspicious, "Macro that can write or download files (not on opening)", Evidence(analysis.Of(VbaBehaviour.Write)), ["T1059.005"]);
            }
        }

        if (analysis.Has(VbaBehaviour.Obfuscation))
        {
            context.Report("vba-obfuscation", Severity.Suspicious, "Macro that hides its strings", Evidence(analysis.Of(VbaBehaviour.Obfuscation)), ["T1027"]);
        }

        if (persistence)
        {
            context.Report("vba-persistence", Severity.Suspicious, "Macro that changes Office's templates, start-up folder or VBA projects", Evidence(analysis.Of(VbaBehaviour.Persistence)), ["T1137"]);
        }

        if (analysis.Decoded.Count > 0)
        {
            context.Report("vba-decoded-strings", Severity.Info, $"{analysis.Decoded.Count} hidden string(s) decoded",
                string.Join('\n', analysis.Decoded.Take(MaxEvidenceLines).Select(d => $"{d.Method}: {Shorten(d.Expression)} → {Shorten(d.Value)}")));
        }

        ReportUrls(context, sources.Concat(analysis.Decoded.Select(d => d.Value)));
    }

    /// <summary>URLs (and their hosts) found in the given strings.</summary>
    public static void ReportUrls(ScanContext context, IEnumerable<string> strings)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(strings);
        foreach (var text in strings)
        {
            foreach (Match url in UrlPattern().Matches(text))
            {
                var value = url.Value.TrimEnd('.', ',', ';', ')');
                context.Indicator(IndicatorKind.Url, value);
                if (Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Host.Length > 0)
                {
                    context.Indicator(uri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6 ? IndicatorKind.Ip : IndicatorKind.Domain, uri.Host);
                }
            }
        }
    }

    private static bool IsDownload(VbaEvidence evidence) =>
        evidence.Keyword is "URLDownloadToFile" or "XMLHTTP" or "WinHttpRequest" or "InternetOpenUrl" || evidence.Code.Contains("http", StringComparison.OrdinalIgnoreCase);

    private static void AddIf(List<string> list, bool condition, string value)
    {
        if (condition)
        {
            list.Add(value);
        }
    }

    private static string Evidence(IEnumerable<VbaEvidence> evidence)
    {
        var builder = new StringBuilder();
        var lines = 0;
        foreach (var group in evidence.GroupBy(e => (e.Module, e.Line, e.Code)))
        {
            if (lines++ == MaxEvidenceLines)
            {
                builder.Append("…\n");
                break;
            }

            var (module, line, code) = group.Key;
            var where = line > 0 ? string.Create(CultureInfo.InvariantCulture, $"{module}:{line}") : module;
            builder.Append(CultureInfo.InvariantCulture, $"{where}: {Shorten(code)}  [{string.Join(", ", group.Select(e => e.Keyword).Distinct())}]\n");
        }

        return builder.ToString().TrimEnd('\n');
    }

    private static string Shorten(string text)
    {
        var single = text.ReplaceLineEndings(" ");
        return single.Length > MaxLineLength ? single[..MaxLineLength] + "…" : single;
    }

    [GeneratedRegex(@"\b(?:https?|ftps?)://[^\s""'<>()\\^`{|}]{3,}", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 2000)]
    private static partial Regex UrlPattern();
}
