using System.Text.RegularExpressions;
using Crible.Model;
using Crible.Pipeline;

namespace Crible.Scanners.Executables.Carriers;

/// <summary>
/// Excel web queries (.iqy): Excel fetches the URL on the third line and pastes what it returns into a sheet, where a
/// DDE formula (=cmd|...) can run a command. A remote query is suspicious; one whose text already carries a DDE
/// command is malicious.
/// </summary>
public sealed partial class IqyScanner : IScanner
{
    public string Name => "iqy";

    public bool Accepts(ScanItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.Kind == CarrierKinds.Iqy;
    }

    public async ValueTask ScanAsync(ScanItem item, ScanContext context, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(context);
        var text = await CarrierText.ReadAsync(item, cancellation).ConfigureAwait(false);
        var lines = text.Split('\n', 4, StringSplitOptions.TrimEntries);
        var url = lines.Length > 2 ? lines[2].Split(' ', 2)[0] : string.Empty;
        if (url.Length > 0)
        {
            context.Indicator(IndicatorKind.Url, url);
            context.Report("web-query", Severity.Suspicious, "Excel web query: opening it makes Excel fetch and insert remote content", url, ["T1204.002", "T1105"]);
        }

        if (DdePattern().Match(text) is { Success: true } dde)
        {
            context.Report("dde-command", Severity.Malicious, "The web query carries a DDE command", dde.Value, ["T1559.002"]);
        }
    }

    [GeneratedRegex(@"(?i)=\s*(?:cmd|powershell|mshta|msexcel|rundll32)\s*\|[^\r\n]{0,200}", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex DdePattern();
}
