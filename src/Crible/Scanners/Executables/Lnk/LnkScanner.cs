using Crible.Identification;
using Crible.Model;
using Crible.Pipeline;

namespace Crible.Scanners.Executables.Lnk;

/// <summary>
/// Windows shortcuts: what they run (target, arguments, working directory, icon) and whether that is a
/// living-off-the-land binary told to download or run something, or a command hidden behind padding. The command
/// is recorded as a <c>command</c> indicator, its URLs as <c>url</c> indicators.
/// </summary>
public sealed class LnkScanner : IScanner
{
    private const int MaxLength = 1 << 20;

    private static readonly string[] RunnableExtensions = [".exe", ".com", ".scr", ".bat", ".cmd", ".ps1", ".vbs", ".vbe", ".js", ".jse", ".wsf", ".hta", ".cpl", ".msi", ".pif", ".dll"];

    public string Name => "lnk";

    public bool Accepts(ScanItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.Kind == FileKinds.Lnk;
    }

    public async ValueTask ScanAsync(ScanItem item, ScanContext context, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(context);
        var bytes = await item.Data.ReadPrefixAsync(MaxLength, cancellation).ConfigureAwait(false);
        if (ShellLinkReader.Read(bytes) is not { } link)
        {
            context.Incomplete("lnk: the shortcut header could not be read");
            return;
        }

        foreach (var problem in link.Problems)
        {
            context.Incomplete($"lnk: {problem}");
        }

        var target = link.Target ?? link.RelativePath ?? string.Empty;
        var arguments = link.Arguments ?? string.Empty;
        context.Report("shortcut", Severity.Info, "Windows shortcut", Describe(link));
        if (target.Length > 0)
        {
            context.Indicator(IndicatorKind.Path, target);
        }

        if (target.Length > 0 || arguments.Length > 0)
        {
            context.Indicator(IndicatorKind.Command, arguments.Length > 0 ? $"{target} {arguments.Trim()}" : target);
        }

        CommandLines.RecordIndicators(context, $"{target} {arguments} {link.IconLocation}");
        Judge(context, target, arguments, link);
    }

    private static void Judge(ScanContext context, string target, string arguments, ShellLink link)
    {
        var analysis = CommandLines.Analyse(target, arguments);
        var command = Shorten($"{target} {arguments}");
        var traits = analysis.Traits.Count > 0 ? "; " + string.Join("; ", analysis.Traits) : string.Empty;
        if (analysis.IsMalicious)
        {
            context.Report("lolbin-command", Severity.Malicious, $"The shortcut makes {analysis.Program} download or run hidden code", command + traits, ["T1204.002", .. analysis.Attack]);
        }
        else if (analysis.Program is not null)
        {
            context.Report("lolbin", Severity.Suspicious, $"The shortcut starts {analysis.Program}", command + traits, ["T1204.002", .. analysis.Attack]);
        }
        else if (arguments.Trim().Length > 0 && RunnableExtensions.Any(e => target.EndsWith(e, StringComparison.OrdinalIgnoreCase)))
        {
            context.Report("runs-program", Severity.Suspicious, "The shortcut runs a program with arguments", command + traits, ["T1204.002", .. analysis.Attack]);
        }

        if (link.NetworkShare is not null || target.StartsWith(@"\\", StringComparison.Ordinal))
        {
            context.Report("remote-target", Severity.Suspicious, "The shortcut points to a network share", link.NetworkShare ?? target, ["T1204.002", "T1187"]);
        }

        if (link.IconLocation is { } icon && icon.Length > 0 && !icon.Contains(CommandLines.ProgramName(target), StringComparison.OrdinalIgnoreCase) && analysis.Program is not null)
        {
            context.Report("disguised-icon", Severity.Suspicious, "The shortcut shows another program's icon than the one it runs", $"icon {icon}", ["T1036"]);
        }
    }

    private static string Describe(ShellLink link)
    {
        var parts = new List<string> { $"target {link.Target ?? "(none)"}" };
        void Add(string label, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                parts.Add($"{label} {Shorten(value)}");
            }
        }

        Add("arguments", link.Arguments);
        Add("working directory", link.WorkingDirectory);
        Add("icon", link.IconLocation);
        Add("description", link.Name);
        Add("relative path", link.RelativePath);
        Add("network share", link.NetworkShare);
        if (link.StartsMinimised)
        {
            parts.Add("starts minimised");
        }

        return string.Join("; ", parts);
    }

    private static string Shorten(string text)
    {
        var collapsed = System.Text.RegularExpressions.Regex.Replace(text.Trim(), @"\s{2,}", " ", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));
        return collapsed.Length > 1024 ? collapsed[..1024] + "…" : collapsed;
    }
}
